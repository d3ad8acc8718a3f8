"""``kill -9`` during a real ``kg build``, again and again: the re-run completes and equals a clean build."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from conftest import REPO
from test_build_incremental import assert_same_build

from kg.build import build

KILL_POINTS = 3
# Three tasks of settings.task_documents articles: a kill can land between them.
COPIES = 6


def _corpus(folder: Path) -> Path:
    """24 long articles: four sample articles, each six times with a distinguishing line."""
    folder.mkdir()
    for path in sorted((REPO / "corpus").glob("*.txt"))[:4]:
        text = path.read_text("utf-8")
        for copy in range(1, COPIES + 1):
            (folder / f"{path.stem}-{copy}.txt").write_text(
                f"{text}\n\nThis is copy {copy} of the report filed from Tijuana.\n", "utf-8")
    return folder


def _kg_build(corpus: Path, out: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "kg.cli", "build", str(corpus), "--out", str(out),
                             "--quiet"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _wait_for_extractions(folder: Path, count: int, process: subprocess.Popen,
                          timeout: float = 300) -> bool:
    """Wait until ``count`` extractions are cached; False if the build ended first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and process.poll() is None:
        if _extracted(folder) >= count:
            return True
        time.sleep(0.05)
    return False


def _extracted(folder: Path) -> int:
    return len(list(folder.glob("*.json"))) if folder.is_dir() else 0


def test_kill_9_at_random_points_then_rerun_equals_clean_build(tmp_path, nlp):
    corpus = _corpus(tmp_path / "corpus")
    out = tmp_path / "out"
    chooser = random.Random(42)
    extractions = out / "extractions"
    killed = 0
    for point in range(KILL_POINTS):
        process = _kg_build(corpus, out)
        if point < KILL_POINTS - 1:
            # During extraction: after a random number of finished documents.
            target = _extracted(extractions) + chooser.randint(1, 2)
            reached = _wait_for_extractions(extractions, target, process)
        else:
            # Past extraction: somewhere in resolution, the store or the files.
            reached = _wait_for_extractions(extractions, 4 * COPIES, process)
            time.sleep(chooser.uniform(0.0, 0.5))
        if process.poll() is None:
            os.kill(process.pid, signal.SIGKILL)
            process.wait()
            killed += reached
    assert killed >= 2, "the build finished before it could be killed: make the corpus longer"

    finished = _kg_build(corpus, out)
    _, stderr = finished.communicate(timeout=600)
    assert finished.returncode == 0, stderr.decode()
    assert not [p for p in out.rglob("*") if p.name.endswith(".tmp")]

    clean = build([corpus], tmp_path / "clean", quiet=True).out
    assert_same_build(out, clean)
