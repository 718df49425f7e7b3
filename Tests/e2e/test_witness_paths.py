"""Witness paths in every output format: the SARIF log validates against the official 2.1.0 schema and
carries one code flow per witness; JSON and text name each step and flag the step that is not the
first matching branch of its (ambiguous) node."""
import json
import pathlib
import subprocess

import jsonschema

DATA = pathlib.Path(__file__).resolve().parent / "data"
TREE = DATA / "witness-path.sop.yaml"


def run(sopc, *args):
    result = subprocess.run([sopc, "check", *args, str(TREE)], capture_output=True, text=True)
    assert result.returncode == 1, result.stderr
    return result.stdout


def test_sarif_code_flows_validate_against_the_schema(sopc, sarif_schema):
    log = json.loads(run(sopc, "--format", "sarif"))
    jsonschema.validate(log, sarif_schema)
    results = {r["ruleId"]: r for r in log["runs"][0]["results"]}
    gap = results["incomplete-node"]
    (flow,) = gap["codeFlows"]
    (thread,) = flow["threadFlows"]
    steps = thread["locations"]
    # One location for the decision at `triage`, then the finding at `check`.
    assert [s["executionOrder"] for s in steps] == [1, 2]
    first = steps[0]["location"]
    assert first["message"]["text"].startswith("triage: takes `flagged` (not the first match: `score > 10`")
    assert first["physicalLocation"]["region"]["startLine"] == 16
    assert steps[1]["location"]["physicalLocation"]["region"]["startLine"] == 25
    assert gap["properties"]["witness"] == {"score": 61, "flagged": True}
    # A finding at the start node: a flow of one location, the finding itself.
    assert len(results["ambiguous-branches"]["codeFlows"][0]["threadFlows"][0]["locations"]) == 1


def test_json_names_each_step_and_keeps_the_witness_short(sopc):
    report = json.loads(run(sopc, "--format", "json"))
    gap = next(d for d in report["diagnostics"] if d["code"] == "incomplete-node")
    assert gap["witness"] == {"score": 61, "flagged": True}
    assert gap["witness_path"] == {
        "text": "triage > check",
        "steps": [{"node": "triage", "branch": 1, "label": "flagged", "first_match": "score > 10"}],
    }
    for d in report["diagnostics"]:
        assert d["witness"] is not None and d["witness_path"] is not None


def test_text_prints_path_and_branches(sopc):
    text = run(sopc)
    assert "= path: triage > check\n" in text
    assert "= branches taken: triage: `flagged` (not the first match: `score > 10` holds too and comes first)" in text
