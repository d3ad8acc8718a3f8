"""Where the data files the package needs at run time live.

An installed wheel carries ``ontology/``, ``pipelines/`` and ``queries/`` inside the
``kg`` package; a source checkout keeps them at the repository root.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
from collections.abc import Iterable
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    """Return the folder ``name`` (``"ontology"``, ``"pipelines"`` or ``"queries"``)."""
    for candidate in (_PACKAGE / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"borderkg data folder {name!r} is missing from the installation")


def source_digest(header: str, packages: Iterable[str] = (), files: Iterable[Path] = ()) -> str:
    """The sha256 of ``header``, the installed version of each package and the name and
    bytes of each file: a key for what is made from them, which changes with any of them.

    Examples
    --------
    >>> len(source_digest("format 1", ["pyoxigraph"], [_PACKAGE / "resources.py"]))
    64
    >>> source_digest("format 1") == source_digest("format 2")
    False
    """
    digest = hashlib.sha256(f"{header}\n".encode())
    for name in packages:
        digest.update(f"{name} {importlib.metadata.version(name)}\n".encode())
    for path in files:
        source = path.read_bytes()
        digest.update(f"{path.name} {len(source)}\n".encode() + source)
    return digest.hexdigest()
