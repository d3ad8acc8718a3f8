"""Shared fixtures: the spaCy pipeline and one build of the sample corpus, once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.build import BuildResult, build
from kg.nlp import load_pipeline

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session")
def nlp():
    return load_pipeline()


@pytest.fixture(scope="session")
def corpus_build(tmp_path_factory) -> BuildResult:
    """``kg build corpus/`` into a temporary folder, shared by the end-to-end tests."""
    return build([REPO / "corpus"], tmp_path_factory.mktemp("build"), quiet=True)
