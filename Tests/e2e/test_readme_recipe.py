"""The README's configuration file and CI recipe work as shown: the configuration is accepted by
`sopc config`, the workflow is valid YAML with the SARIF upload, the step summary and the JUnit report,
and every sopc step of it runs cleanly from the repository root, its outputs readable by the tools that
take them (SARIF against the official schema, JUnit XML with one test case per example)."""
import json
import os
import re
import subprocess
import xml.etree.ElementTree as ET

import jsonschema
import yaml


def section(root, heading):
    text = (root / "README.md").read_text()
    start = text.index(f"\n### {heading}\n")
    end = text.find("\n## ", start + 1)
    end2 = text.find("\n### ", start + 1)
    body = text[start:min(e for e in (end, end2, len(text)) if e != -1)]
    return re.findall(r"```yaml\n(.*?)```", body, re.S)


def test_the_configuration_shown_is_accepted(sopc, root, tmp_path):
    [config] = section(root, "Configuration")
    (tmp_path / ".sopc.yaml").write_text(config)
    result = subprocess.run([sopc, "config"], cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert 'exclude: ["Tests"]' in result.stdout
    assert "strict: true" in result.stdout


def test_the_ci_recipe_runs_from_the_repository_root(sopc, root, tmp_path, sarif_schema):
    [workflow] = section(root, "In CI")
    job = yaml.safe_load(workflow)["jobs"]["sop"]
    steps = job["steps"]
    uses = [s.get("uses", "") for s in steps]
    assert any(u.startswith("github/codeql-action/upload-sarif") for u in uses)
    assert any("junit" in u for u in uses)
    assert job["permissions"]["security-events"] == "write"
    commands = [s["run"] for s in steps if ".build/release/sopc" in s.get("run", "")]
    assert len(commands) == 3
    summary = tmp_path / "summary.md"
    env = dict(os.environ, GITHUB_STEP_SUMMARY=str(summary))
    for command in commands:
        args = command.split("#")[0].split()[1:]
        args = [str(tmp_path / a) if a.endswith((".sarif", ".xml")) else a for a in args]
        result = subprocess.run([sopc, *args], cwd=root, capture_output=True, text=True, env=env)
        assert result.returncode == 0, (command, result.stdout, result.stderr)
    # The step summary was written by `--format github`.
    assert "sopc" in summary.read_text()
    sarif = json.loads((tmp_path / "sopc.sarif").read_text())
    jsonschema.validate(sarif, sarif_schema)
    assert sarif["runs"][0]["results"] == []
    junit = ET.parse(tmp_path / "sopc-junit.xml").getroot()
    assert junit.tag == "testsuites" and int(junit.get("tests")) > 0 and junit.get("failures") == "0"


def test_the_documented_configuration_is_accepted(sopc, root, tmp_path):
    """docs/configuration.md's full example is a configuration sopc accepts, every key of it shown back."""
    text = (root / "docs" / "configuration.md").read_text()
    config = re.findall(r"```yaml\n(.*?)```", text, re.S)[0]
    (tmp_path / ".sopc.yaml").write_text(config)
    result = subprocess.run([sopc, "config"], cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    for key in yaml.safe_load(config)["check"]:
        assert f"  {key}: " in result.stdout
