"""``bk_paragraph_breaks``: a sentence never runs across a paragraph break.

The parser otherwise joins a closing quote to the next paragraph ("…information.”
\\n\\nWhite House press secretary … said"), and a speaker is then read from the wrong
paragraph. Ingest keeps paragraphs apart with a blank line, which spaCy makes a
whitespace token; the token after it starts a sentence, and the parser respects it.
"""

from __future__ import annotations

from spacy.attrs import IS_SPACE, SENT_START
from spacy.language import Language
from spacy.tokens import Doc


@Language.component("bk_paragraph_breaks")
def paragraph_breaks(doc: Doc) -> Doc:
    """Mark the first token after every blank line as a sentence start.

    Examples
    --------
    >>> import spacy
    >>> nlp = spacy.blank("en")
    >>> doc = paragraph_breaks(nlp("He said “yes.”\\n\\nShe left"))
    >>> [token.text for token in doc if token.is_sent_start]
    ['He', 'She']
    """
    # Sentence starts are set as one array: Token.is_sent_start looks through the whole
    # document for a parse each time it is set.
    spaces, starts = doc.to_array([IS_SPACE, SENT_START]).T
    for i in spaces[:-1].nonzero()[0].tolist():
        if "\n\n" in doc[i].text:
            starts[i + 1] = 1
    return doc.from_array([SENT_START], starts)
