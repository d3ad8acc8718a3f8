"""How commands print records: a table that fits the terminal, CSV, TSV or JSON.

A table wraps long cells (an evidence sentence is never cut); ``--wide`` keeps each
row on one line instead. Cells are plain text: article text is never read as markup.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

FORMATS = ("table", "csv", "tsv", "json")
# Columns of running text, which a table wraps to the room the others leave.
TEXT_COLUMNS = frozenset(("sentence", "quote", "example", "description", "params", "title"))
# A short column is never narrower than its longest word, up to this many characters.
LONGEST_WORD = 16
# The narrowest a column of running text gets, however many short columns there are.
MIN_TEXT_COLUMN = 30


def cell(value: object) -> str:
    """The text of a value in a table or CSV cell.

    Examples
    --------
    >>> cell(None), cell(True), cell(3), cell(["a", "b"])
    ('', 'true', '3', 'a; b')
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return "; ".join(cell(item) for item in value)
    return str(value)


def print_records(
    records: Iterable[Mapping[str, Any]],
    columns: Sequence[str],
    fmt: str = "table",
    *,
    wide: bool = False,
    title: str | None = None,
) -> None:
    """Print ``records`` (``columns`` of each, in that order) in the format ``fmt``.

    Examples
    --------
    >>> print_records([{"name": "CBP One", "n": 3}], ["name", "n"], "csv")
    name,n
    CBP One,3
    >>> print_records([{"name": "CBP One", "n": None}], ["name", "n"], "json")
    [
      {
        "name": "CBP One",
        "n": null
      }
    ]
    """
    rows = [{name: _trimmed(record.get(name)) for name in columns} for record in records]
    if fmt == "json":
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    elif fmt in ("csv", "tsv"):
        writer = csv.writer(sys.stdout, delimiter="," if fmt == "csv" else "\t",
                            lineterminator="\n")
        writer.writerow(columns)
        writer.writerows([cell(row[name]) for name in columns] for row in rows)
    else:
        print_table(rows, columns, wide=wide, title=title)


def _trimmed(value: object) -> object:
    """Text without white space at its ends (a sentence's trailing paragraph break)."""
    return value.strip() if isinstance(value, str) else value


def print_table(
    rows: Sequence[Mapping[str, Any]],
    columns: Sequence[str],
    *,
    wide: bool = False,
    title: str | None = None,
) -> None:
    """An aligned table on stdout, as wide as the terminal (80 columns in a pipe), long
    cells wrapped; with ``wide`` as wide as its longest row."""
    from rich import box
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    texts = [[" ".join(cell(row[name]).split()) for name in columns] for row in rows]
    longest = [max([len(name), *(len(row[i]) for row in texts)]) for i, name in enumerate(columns)]
    # Between two columns: a space of padding on either side of a one-space rule.
    padding = 3 * (len(columns) - 1)
    console = Console(width=sum(longest) + padding if wide else None,
                      highlight=False, soft_wrap=False, emoji=False)
    table = Table(box=box.SIMPLE_HEAD, title=title, title_justify="left", show_edge=False,
                  pad_edge=False)
    if wide:
        widths = longest
    else:
        words = [max([len(name), *(len(w) for row in texts for w in row[i].split())])
                 for i, name in enumerate(columns)]
        widths = _fit(columns, longest, console.width - padding, words)
    for name, column_width in zip(columns, widths, strict=True):
        table.add_column(name, overflow="fold", no_wrap=wide, width=column_width)
    for row in texts:
        table.add_row(*(Text(text) for text in row))
    console.print(table)


def _fit(columns: Sequence[str], longest: list[int], room: int,
         words: Sequence[int] = ()) -> list[int]:
    """Column widths that add up to about ``room``: running text (:data:`TEXT_COLUMNS`)
    gets what the short columns leave, at least :data:`MIN_TEXT_COLUMN` each when it can;
    short columns are as wide as their longest cell, the widest cut down first, never
    below their header or their longest word (up to :data:`LONGEST_WORD`).

    Examples
    --------
    >>> _fit(["name", "sentence"], [10, 200], 80)
    [10, 70]
    >>> _fit(["a", "b", "sentence"], [40, 30, 200], 80)
    [25, 25, 30]
    >>> _fit(["speaker", "kind", "document", "quote", "sentence"], [20, 5, 20, 200, 300], 72)
    [7, 4, 8, 26, 26]
    >>> _fit(["name", "title"], [16, 50], 40, words=[16, 8])
    [16, 24]
    """
    text = [i for i, name in enumerate(columns) if name in TEXT_COLUMNS]
    short = [i for i in range(len(columns)) if i not in text]
    words = list(words) or [0] * len(columns)
    floor = {i: min(longest[i], max(len(columns[i]), min(words[i], LONGEST_WORD))) for i in short}
    widths = list(longest)
    budget = max(room - MIN_TEXT_COLUMN * len(text), sum(floor.values()))
    cap = max((longest[i] for i in short), default=0)
    while cap > 1 and sum(max(floor[i], min(longest[i], cap)) for i in short) > budget:
        cap -= 1
    for i in short:
        widths[i] = max(floor[i], min(longest[i], cap))
    left = room - sum(widths[i] for i in short)
    for i in text:
        widths[i] = min(longest[i], max(12, left // len(text)))
    return widths
