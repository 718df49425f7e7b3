"""sopc's SARIF validates against the official SARIF 2.1.0 schema, fixes included."""
import json
import pathlib
import subprocess

import jsonschema
import pytest

TYPOS = """\
sop: typos
title: Typos
version: "1"
owner: qa
policy: p
inputs:
  score:
    type: int
    range: [0, 10]
  spare:
    type: bool
outcomes:
  allow_it:
    title: Allow
  block_it:
    title: Block
start: first
nodes:
  first:
    question: Score?
    match: first
    branches:
      - when: "scroe > 5"
        then: blokc_it
      - when: "score >= 0"
        then: allow_it
"""


def schema(root: pathlib.Path):
    """The official schema at ../shared/data relative to the repository (CI has it)."""
    path = root.parent / "shared" / "data" / "sarif-schema-2.1.0.json"
    if not path.exists():
        pytest.skip(f"the SARIF 2.1.0 schema is not at {path}; nothing to validate against")
    return json.loads(path.read_text())


def sarif(sopc, cwd, *args):
    result = subprocess.run([sopc, "check", "--format", "sarif", *args], cwd=cwd, capture_output=True, text=True)
    assert result.returncode in (0, 1), result.stderr
    return json.loads(result.stdout)


def test_fixes_validate(sopc, root, tmp_path):
    (tmp_path / "typos.sop.yaml").write_text(TYPOS)
    log = sarif(sopc, tmp_path, "typos.sop.yaml")
    jsonschema.validate(log, schema(root))
    fixes = [f for r in log["runs"][0]["results"] for f in r.get("fixes", [])]
    titles = {f["description"]["text"] for f in fixes}
    assert "replace `scroe` with `score`" in titles
    assert "replace `blokc_it` with `block_it`" in titles
    change = fixes[0]["artifactChanges"][0]
    assert change["artifactLocation"] == {"uri": "typos.sop.yaml", "uriBaseId": "%SRCROOT%"}
