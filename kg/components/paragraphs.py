"""``bk_paragraph_breaks``: a sentence never runs across a paragraph break, nor across the
dateline that opens a release.

The parser otherwise joins a closing quote to the next paragraph ("…information.”
\\n\\nWhite House press secretary … said"), and a speaker is then read from the wrong
paragraph. Ingest keeps paragraphs apart with a blank line, which spaCy makes a
whitespace token; the token after it starts a sentence, and the parser respects it.

A dateline closed by a hyphen ("Antelope Wells, New Mexico - United States Border Patrol
agents ...") is read with the sentence after it as that sentence's subject, and the agents
who act in it only its apposition ("Wells ... agents working in Antelope Wells apprehended");
the word after the hyphen starts a sentence too. (A dash, "LAREDO, Texas –", the parser
mostly reads as the break it is.)
"""

from __future__ import annotations

from spacy.attrs import IS_SPACE, SENT_START
from spacy.language import Language
from spacy.tokens import Doc

# The hyphens that close a dateline, and the most tokens before one ("EL CENTRO, Calif." is four).
DATELINE_DASHES = frozenset({"-", "--"})
_DATELINE_TOKENS = 8


def _dateline_dash(doc: Doc, start: int) -> int | None:
    """The hyphen that closes a dateline opening a paragraph at token ``start``: capitalised
    words, commas and abbreviations, then a hyphen set apart by spaces and a capitalised word."""
    for i in range(start, min(start + _DATELINE_TOKENS, len(doc) - 1)):
        token = doc[i]
        if token.text in DATELINE_DASHES:
            spaced = doc[i - 1].whitespace_ and token.whitespace_ if i > start else False
            return i if spaced and doc[i + 1].text[:1].isupper() else None
        if not (token.text[:1].isupper() or token.text in (",", ".")):
            return None
    return None


@Language.component("bk_paragraph_breaks")
def paragraph_breaks(doc: Doc) -> Doc:
    """Mark the first token after every blank line, and after a hyphenated dateline, as a
    sentence start.

    Examples
    --------
    >>> import spacy
    >>> nlp = spacy.blank("en")
    >>> doc = paragraph_breaks(nlp("He said “yes.”\\n\\nShe left"))
    >>> [token.text for token in doc if token.is_sent_start]
    ['He', 'She']
    >>> doc = paragraph_breaks(nlp("Yuma, Ariz. - Agents found 12 men.\\n\\nEL PASO – A man fled."))
    >>> [token.text for token in doc if token.is_sent_start]
    ['Yuma', 'Agents', 'EL']
    """
    # Sentence starts are set as one array: Token.is_sent_start looks through the whole
    # document for a parse each time it is set.
    spaces, starts = doc.to_array([IS_SPACE, SENT_START]).T
    openings = [0] + [i + 1 for i in spaces[:-1].nonzero()[0].tolist() if "\n\n" in doc[i].text]
    for i in openings[1:]:
        starts[i] = 1
    for i in openings:
        dash = _dateline_dash(doc, i) if i < len(doc) else None
        if dash is not None:
            starts[dash + 1] = 1
    return doc.from_array([SENT_START], starts)
