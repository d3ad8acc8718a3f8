"""``bk_paragraph_breaks``: a sentence never runs across a paragraph break.

The parser otherwise joins a closing quote to the next paragraph ("…information.”
\\n\\nWhite House press secretary … said"), and a speaker is then read from the wrong
paragraph. Ingest keeps paragraphs apart with a blank line, which spaCy makes a
whitespace token; the token after it starts a sentence, and the parser respects it.
"""

from __future__ import annotations

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
    for token in doc[:-1]:
        if token.is_space and "\n\n" in token.text:
            doc[token.i + 1].is_sent_start = True
    return doc
