"""An installed wheel carries ontology/, pipelines/ and queries/ and builds outside the repo."""

from __future__ import annotations

import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

from conftest import REPO


def test_wheel_builds_a_graph_outside_the_repo(tmp_path):
    # Build from a copy: setuptools leaves its own build/ folder in the source tree,
    # which is where `make run` writes the graph.
    source = tmp_path / "source"
    shutil.copytree(REPO, source, ignore=shutil.ignore_patterns(
        ".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", ".hypothesis",
        "test-artifacts", "notebooks"))
    dist = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir",
                    str(dist), str(source)], check=True, capture_output=True, timeout=300)
    (wheel,) = dist.glob("borderkg-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    for needed in ("kg/ontology/vocabulary.ttl", "kg/ontology/shapes.ttl",
                   "kg/pipelines/borderkg.cfg", "kg/queries/"):
        assert any(n.startswith(needed) for n in names), needed

    # A fresh venv gets the wheel itself; its dependencies come from the test's
    # environment through a .pth file, so the test needs no network and little time.
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--no-deps", str(wheel)],
                   check=True, capture_output=True, timeout=300)
    site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          check=True, capture_output=True, text=True).stdout.strip()
    (Path(site) / "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")

    corpus = tmp_path / "articles"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Title 42 ended. Officials in Tijuana said the CBP One app "
                                  "would now schedule appointments at the San Ysidro port of entry.")
    result = subprocess.run([str(venv / "bin" / "kg"), "build", "articles", "--out", "out", "--quiet"],
                            cwd=tmp_path, capture_output=True, text=True, timeout=600, check=False)
    assert result.returncode == 0, result.stderr
    turtle = (tmp_path / "out" / "graph.ttl").read_text()
    assert "CBP One" in turtle and "Title 42" in turtle
