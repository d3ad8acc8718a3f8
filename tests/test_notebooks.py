"""Every notebook of notebooks/ runs top to bottom in a fresh kernel of this Python.

The kernel starts in the repository root, and BORDERKG_BUILD points the notebooks at
the session's build of corpus/, so nothing is built again.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import nbformat
import pytest
from jupyter_client import KernelManager
from jupyter_client.kernelspec import KernelSpecManager
from nbclient import NotebookClient

REPO = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((REPO / "notebooks").glob("*.ipynb"))
CELL_TIMEOUT = 600


def _kernel() -> KernelManager:
    """A kernel of ipykernel's own spec, which runs sys.executable (no user kernelspec)."""
    specs = KernelSpecManager(kernel_dirs=[])
    return KernelManager(kernel_name="python3", kernel_spec_manager=specs)


def test_the_kernel_is_this_python():
    command = _kernel().kernel_spec.argv
    assert Path(command[0]).absolute() == Path(sys.executable).absolute()


def test_there_are_notebooks_saved_without_outputs():
    assert {p.name for p in NOTEBOOKS} >= {"investigation.ipynb", "quickstart.ipynb"}
    for path in NOTEBOOKS:
        notebook = json.loads(path.read_text(encoding="utf-8"))
        for cell in notebook["cells"]:
            if cell["cell_type"] == "code":
                assert cell["outputs"] == [] and cell["execution_count"] is None, path.name


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_runs(path, corpus_build, monkeypatch):
    monkeypatch.setenv("BORDERKG_BUILD", str(corpus_build.out))
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(
        notebook,
        km=_kernel(),
        timeout=CELL_TIMEOUT,
        resources={"metadata": {"path": str(REPO)}},
    )
    client.execute()  # raises CellExecutionError, naming the cell, on any error
    errors = [
        output
        for cell in notebook.cells
        if cell.cell_type == "code"
        for output in cell.outputs
        if output.output_type == "error"
    ]
    assert errors == []
