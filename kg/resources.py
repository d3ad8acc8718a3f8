"""Where the data files the package needs at run time live.

An installed wheel carries ``ontology/``, ``pipelines/`` and ``queries/`` inside the
``kg`` package; a source checkout keeps them at the repository root.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    """Return the folder ``name`` (``"ontology"``, ``"pipelines"`` or ``"queries"``)."""
    for candidate in (_PACKAGE / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"borderkg data folder {name!r} is missing from the installation")
