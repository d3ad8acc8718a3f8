"""Peak memory of ``kg build`` on 1,000 and 10,000 small documents.

    .venv/bin/python bench/memory.py [--documents 1000 10000] [--jobs 1]

Each document is one paragraph of the sample corpus (12 to 40 words) plus a
numbered closing line. Peak RSS is the largest sum of the resident memory of the
``kg`` process and its children, sampled every 50 ms. Goal: the larger corpus
peaks at most 1.2 x the smaller.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _corpus import REPO, write_small_documents


def peak_rss(command: list[str]) -> tuple[int, float]:
    """(peak bytes of the process tree, seconds)."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, cwd=REPO)
    watched = psutil.Process(process.pid)
    peak = 0
    while process.poll() is None:
        try:
            tree = [watched, *watched.children(recursive=True)]
            peak = max(peak, sum(p.memory_info().rss for p in tree if p.is_running()))
        except psutil.Error:
            pass
        time.sleep(0.05)
    if process.returncode:
        raise SystemExit(f"{' '.join(command)} failed ({process.returncode})")
    return peak, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--jobs", type=int, default=1)
    args = parser.parse_args()
    kg = str(Path(sys.executable).parent / "kg")
    peaks = []
    with tempfile.TemporaryDirectory(prefix="kg-memory-") as scratch:
        for count in args.documents:
            corpus = Path(scratch) / f"corpus-{count}"
            words = write_small_documents(corpus, count)
            out = Path(scratch) / f"out-{count}"
            peak, seconds = peak_rss([kg, "build", str(corpus), "--out", str(out), "--quiet",
                                      "-j", str(args.jobs)])
            peaks.append(peak)
            stages = json.loads((out / "report.json").read_text())["seconds"]
            print(f"{count:6d} documents ({words} words), -j {args.jobs}: peak RSS "
                  f"{peak / 2**20:7.0f} MiB, {seconds:.0f} s  stages {json.dumps(stages)}")
    if len(peaks) > 1:
        print(f"largest / smallest peak: {peaks[-1] / peaks[0]:.2f}  (goal <= 1.2)")


if __name__ == "__main__":
    main()
