"""sopc's SARIF validates against the official SARIF 2.1.0 schema, fixes and suppressions included."""
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

ALLOWED = TYPOS.replace("sop: typos", "sop: accepted").replace("scroe", "score").replace("blokc_it", "block_it").replace(
    '      - when: "score >= 0"', '      - when: "score > 20"\n        then: allow_it\n        allow: [dead-branch]\n      - when: "score >= 0"')


def sarif(sopc, cwd, *args):
    result = subprocess.run([sopc, "check", "--format", "sarif", *args], cwd=cwd, capture_output=True, text=True)
    assert result.returncode in (0, 1), result.stderr
    return json.loads(result.stdout)


def test_fixes_validate(sopc, root, tmp_path, sarif_schema):
    (tmp_path / "typos.sop.yaml").write_text(TYPOS)
    (tmp_path / "accepted.sop.yaml").write_text(ALLOWED)
    log = sarif(sopc, tmp_path, "--show-allowed", "typos.sop.yaml", "accepted.sop.yaml")
    jsonschema.validate(log, sarif_schema)
    suppressed = [r for r in log["runs"][0]["results"] if r.get("suppressions")]
    assert [r["ruleId"] for r in suppressed] == ["dead-branch"]
    assert suppressed[0]["suppressions"][0]["kind"] == "inSource"
    fixes = [f for r in log["runs"][0]["results"] for f in r.get("fixes", [])]
    titles = {f["description"]["text"] for f in fixes}
    assert "replace `scroe` with `score`" in titles
    assert "replace `blokc_it` with `block_it`" in titles
    locations = {f["artifactChanges"][0]["artifactLocation"]["uri"] for f in fixes}
    assert "typos.sop.yaml" in locations
    assert all(f["artifactChanges"][0]["artifactLocation"]["uriBaseId"] == "%SRCROOT%" for f in fixes)


def test_repository_root_is_clean_and_valid(sopc, root, tmp_path, sarif_schema):
    """The README's `sopc check --format sarif -o sopc.sarif .` from the repository root: the project
    configuration leaves the fixtures out, so the log has no results, and it validates."""
    out = tmp_path / "sopc.sarif"
    result = subprocess.run([sopc, "check", "--format", "sarif", "-o", str(out), "."], cwd=root, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    log = json.loads(out.read_text())
    jsonschema.validate(log, sarif_schema)
    assert log["runs"][0]["results"] == []


def test_a_fix_with_two_edits_validates(sopc, tmp_path, sarif_schema):
    """The fix for a name a SOP in the same folder declares (not imported, not named on the command
    line) adds the import and qualifies the name: one SARIF fix with two replacements in one file."""
    (tmp_path / "common.sop.yaml").write_text("sop: common\ntitle: Common\noutcomes:\n  no_violation: {title: No violation}\n")
    (tmp_path / "main.sop.yaml").write_text(
        "sop: main\ntitle: Main\ninputs:\n  x: {type: bool, question: X?}\noutcomes:\n  remove: {title: Remove}\n"
        "start: n\nnodes:\n  n:\n    question: N?\n    branches:\n      - when: \"x\"\n        then: remove\n      - else: no_violation\n")
    log = sarif(sopc, tmp_path, "main.sop.yaml")
    jsonschema.validate(log, sarif_schema)
    [result] = [r for r in log["runs"][0]["results"] if r["ruleId"] == "undefined-reference"]
    assert "which this file does not import: add `import: [common.sop.yaml]`" in result["message"]["text"]
    [fix] = result["fixes"]
    assert fix["properties"]["applicability"] == "unsafe"
    replacements = fix["artifactChanges"][0]["replacements"]
    assert [r["insertedContent"]["text"] for r in replacements] == ["\nimport: [common.sop.yaml]", "common.no_violation"]
