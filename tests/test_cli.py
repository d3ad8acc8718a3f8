"""The ``kg`` command as a user runs it: real subprocesses."""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import REPO, SHARED


def kg(*args: str, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kg.cli", *args], capture_output=True, text=True,
                          cwd=cwd, timeout=600, check=False)


def test_export_and_eval_against_the_gold_seeds(corpus_build, tmp_path):
    out = tmp_path / "pred"
    result = kg("export", str(corpus_build.out), "--format", "extractions", "--out", str(out))
    assert result.returncode == 0, result.stderr
    files = sorted(p.name for p in out.glob("*.pred.json"))
    assert files == sorted(p.name.replace(".txt", ".pred.json")
                           for p in (REPO / "corpus").glob("*.txt"))
    payload = json.loads((out / files[0]).read_text())
    assert payload["entities"] and {"name", "type", "aliases"} <= set(payload["entities"][0])
    legs = 0
    for file in files:  # who travels a leg is named among the document's own entities, or in words
        payload = json.loads((out / file).read_text())
        names = {entity["name"] for entity in payload["entities"]}
        for leg in payload["route_legs"]:
            legs += 1
            assert isinstance(leg["group"], str) or set(leg["group"]) <= names, (file, leg)
    assert legs
    seeds = SHARED / "eval" / "seeds"
    if seeds.is_dir():
        scores = tmp_path / "scores.json"
        result = kg("eval", str(seeds), str(out), "--json", str(scores))
        assert result.returncode == 0, result.stderr
        per_predicate = json.loads(scores.read_text())["per_predicate"]
        assert "RELATIONS PER PREDICATE" in result.stdout
        # each relation's counts add up to the headline's
        micro = json.loads(scores.read_text())["micro"]["relations"]
        assert sum(s["gold"] for s in per_predicate.values()) == micro["gold"]
        assert sum(s["tp"] for s in per_predicate.values()) == micro["tp"]
        assert {"worksFor", "routeLeg"} <= per_predicate.keys()


def test_missing_build_is_one_clear_line(tmp_path):
    result = kg("export", str(tmp_path / "nothing"), "--out", str(tmp_path / "x"))
    assert result.returncode == 2
    assert result.stderr.startswith("kg: ") and "Traceback" not in result.stderr


def test_validate_a_build(corpus_build):
    result = kg("validate", str(corpus_build.out))
    assert result.returncode == 0, result.stdout + result.stderr


INJECTIONS = ['x" } ; DROP ALL ; {', "Tijuana' } } ; CLEAR ALL #", "{ ?s ?p ?o }", 'a\\"b']


def _graph_count(build) -> int:
    from kg.store import open_store

    with open_store(build / "store", read_only=True) as store:
        return len(store.graphs())


def test_query_params_from_the_command_line_are_only_names(corpus_build):
    before = _graph_count(corpus_build.out)
    for name in INJECTIONS:
        result = kg("query", "entity-mentions", str(corpus_build.out), "--param", f"name={name}",
                    "--format", "json")
        assert result.returncode == 2 and result.stderr.startswith("kg: no entity is called")
        assert "Traceback" not in result.stderr
    assert _graph_count(corpus_build.out) == before


def test_path_names_from_the_command_line_are_only_names(corpus_build):
    for name in INJECTIONS:
        result = kg("path", name, "Title 42", str(corpus_build.out))
        assert result.returncode == 2 and result.stderr.startswith("kg: "), result.stderr
        assert "Traceback" not in result.stderr


def test_version_and_help_describe_every_command():
    from kg.commands import NAMES

    version = kg("--version")
    assert version.returncode == 0 and version.stdout.startswith("kg (borderkg) ")
    top = kg("--help").stdout
    assert "``" not in top and "build/graph.html" in top
    for name in NAMES:
        described = kg(name, "--help")
        assert described.returncode == 0, name
        assert f"  {name} " in top or f"  {name}\n" in top, name
        assert "examples:\n  kg " in described.stdout or "examples:\n  curl" in described.stdout


def test_a_missing_input_is_an_error_and_writes_nothing(tmp_path):
    out = tmp_path / "out"
    result = kg("build", str(tmp_path / "no-such-corpus"), "--out", str(out))
    assert result.returncode == 2
    assert result.stderr.startswith("kg: no such file or folder: ") and "Traceback" not in result.stderr
    assert not out.exists()


def test_every_command_names_a_build_the_same_way(tmp_path):
    folder = tmp_path / "not-a-build"
    folder.mkdir()
    for command in (["stats"], ["entity", "CBP One"], ["quotes"], ["routes"], ["statistics"],
                    ["query", "statistics"], ["path", "CBP One", "Tijuana"], ["view"],
                    ["export", "--out", str(tmp_path / "x")]):
        result = kg(*command, str(folder))
        assert result.returncode == 2, command
        assert result.stderr.strip() == (
            f"kg: no build in {folder} (no store/ folder): run `kg build corpus/ --out {folder}` "
            "first"), command


def test_a_closed_pipe_ends_quietly(corpus_build):
    process = subprocess.Popen([sys.executable, "-m", "kg.cli", "quotes", str(corpus_build.out),
                                "--format", "csv"], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE)
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()  # as `| head` does once it has what it wants
    error = process.stderr.read().decode()
    assert process.wait(timeout=300) != 0
    assert error == "", error


def test_tables_keep_every_word_of_the_evidence(corpus_build):
    answer = kg("quotes", str(corpus_build.out), "--speaker", "mayorkas", "--format", "json")
    sentences = [" ".join(q["sentence"].split()) for q in json.loads(answer.stdout)]
    assert sentences and all(s == s.strip() for s in sentences)
    wide = kg("quotes", str(corpus_build.out), "--speaker", "mayorkas", "--wide")
    assert all(sentence in wide.stdout for sentence in sentences)
    wrapped = kg("quotes", str(corpus_build.out), "--speaker", "mayorkas")
    assert max(len(line) for line in wrapped.stdout.splitlines()) <= 80
    assert sentences[0].split()[-1] in wrapped.stdout  # the last word is there, not cut
