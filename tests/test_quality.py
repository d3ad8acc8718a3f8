"""The extraction ratchet: the seeds, ``public/tune``, our own gold on federal texts
(``eval/federal``) and the journey passages we wrote (``eval/journeys``) are built, exported and
scored with the gold set's own scorer, and no headline score may fall below its floor in
``quality_floors.json``.

``public/check`` is never a floor: it measures what the rules were not written from.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest
from conftest import SHARED

from kg.build import build
from kg.cli import main as kg

FLOORS = json.loads((Path(__file__).parent / "quality_floors.json").read_text("utf-8"))
EVAL = SHARED / "eval"
FEDERAL = Path(__file__).resolve().parents[1] / "eval" / "federal"
JOURNEYS = Path(__file__).resolve().parents[1] / "eval" / "journeys"


def _scorer():
    spec = importlib.util.spec_from_file_location("gold_scorer", EVAL / "score.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _scores(build_dir: Path, gold: Path, scratch: Path) -> dict[str, float]:
    predictions, report = scratch / "pred", scratch / "scores.json"
    assert kg(["export", str(build_dir), "--format", "extractions", "--out", str(predictions)]) == 0
    _scorer().main([str(gold), str(predictions), "--json", str(report)])
    micro = json.loads(report.read_text("utf-8"))["micro"]
    return {name: scores["F1"] for name, scores in micro.items()}


@pytest.fixture(scope="module")
def scores(corpus_build, tmp_path_factory) -> dict[str, dict[str, float]]:
    if not (EVAL / "score.py").is_file():
        pytest.skip("needs the gold sets of ../shared/eval beside the repository")
    tune = EVAL / "public" / "tune"
    tune_build = build([tune], tmp_path_factory.mktemp("tune-build"), quiet=True).out
    federal_build = build([FEDERAL], tmp_path_factory.mktemp("federal-build"), quiet=True).out
    journeys_build = build([JOURNEYS], tmp_path_factory.mktemp("journeys-build"), quiet=True).out
    return {
        "seeds": _scores(corpus_build.out, EVAL / "seeds", tmp_path_factory.mktemp("seeds")),
        "tune": _scores(tune_build, tune, tmp_path_factory.mktemp("tune")),
        "federal": _scores(federal_build, FEDERAL, tmp_path_factory.mktemp("federal")),
        "journeys": _scores(journeys_build, JOURNEYS, tmp_path_factory.mktemp("journeys")),
    }


@pytest.mark.parametrize("gold_set", ["seeds", "tune", "federal", "journeys"])
def test_no_headline_score_falls_below_its_floor(scores, gold_set):
    below = {name: (round(scores[gold_set][name], 3), floor)
             for name, floor in FLOORS[gold_set].items() if scores[gold_set][name] < floor}
    assert below == {}, f"{gold_set}: scores below their floors (score, floor): {below}"

