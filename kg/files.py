"""Atomic file output: a reader sees the old file or the new one, never half of one.

Files are also forced to disk before they replace the old one, unless the caller says
otherwise: a cache of many small files a build re-creates anyway can skip the
``fsync`` of each and call :func:`sync` once before it records them as done.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


@contextmanager
def atomic_stream(path: str | os.PathLike[str], durable: bool = True) -> Iterator[BinaryIO]:
    """A binary file written beside ``path`` and renamed over it once complete
    (and on disk, when ``durable``).

    If the block raises, ``path`` is left as it was and the temporary file is removed.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "nodes.csv"
    >>> with atomic_stream(target) as stream:
    ...     _ = stream.write(b"id,label\\n")
    >>> target.read_text()
    'id,label\\n'
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.",
                                         suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            yield stream
            stream.flush()
            if durable:
                os.fsync(stream.fileno())
        # mkstemp makes the file private; outputs get the usual permissions.
        os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, target)
    finally:
        Path(temporary).unlink(missing_ok=True)


def write_atomic(path: str | os.PathLike[str], data: str | bytes, durable: bool = True) -> Path:
    """Write ``data`` (text as UTF-8) to ``path`` atomically and return the path.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "report.json"
    >>> write_atomic(target, "{}").read_text()
    '{}'
    """
    with atomic_stream(path, durable) as stream:
        stream.write(data.encode("utf-8") if isinstance(data, str) else data)
    return Path(path)


def sync() -> None:
    """Force every file written so far to disk (where the platform can)."""
    if hasattr(os, "sync"):
        os.sync()
