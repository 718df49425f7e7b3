"""Text compares by one rule everywhere (NFC, docs/language.md "Text equality"): a sample spelled with
decomposed characters matches a SOP written with precomposed ones in `sopc replay`, `sopc run --cases`,
`sopc test --samples` and the DuckDB SQL export alike."""
import json
import subprocess
import unicodedata

import sql_replay as sr
from test_sql_duckdb import replay_in_duckdb

TREE = """sop: places
title: Places
inputs:
  city:
    type: enum
    values: ["Z\u00fcrich", "Gen\u00e8ve", Bern]
  note: string
outcomes:
  coffee:
    title: Coffee
  other:
    title: Other
start: where
nodes:
  where:
    question: Where?
    branches:
      - when: "city == 'Z\u00fcrich' or note == 'cr\u00e8me'"
        then: coffee
      - else: other
examples:
  - name: decomposed
    given: {city: "Zu\u0308rich"}
    expect: coffee
"""


def nfd(s):
    return unicodedata.normalize("NFD", s)


def samples():
    rows = []
    for i, (city, note, label) in enumerate([("Z\u00fcrich", "x", "coffee"), ("Bern", "cr\u00e8me", "coffee"),
                                               ("Gen\u00e8ve", "x", "other"), ("Bern", "x", "coffee")]):
        for form in (lambda s: s, nfd):
            rows.append(json.dumps({"id": form(f"r\u00e9-{i}"), "city": form(city), "note": form(note),
                                    "label": form(label), "labeler": form("Jos\u00e9")}, ensure_ascii=False))
    return rows


def test_one_rule_in_every_command(sopc, tmp_path):
    tree = tmp_path / "places.sop.yaml"
    tree.write_text(TREE, encoding="utf-8")
    data = tmp_path / "s.jsonl"
    data.write_text("\n".join(samples()) + "\n", encoding="utf-8")

    report = sr.native(sopc, tree, data)
    s = report["summary"]
    assert s["samples"] == 8 and s["rejected"] == 0, report["rejected"]
    assert s["disagree"] == 2  # row 3 in both spellings: Bern/x walks to `other`
    labelers = report["labelers"]
    assert [l["labeler"] for l in labelers] == ["Jos\u00e9"] and labelers[0]["samples"] == 8

    cases = subprocess.run([sopc, "run", str(tree), "--cases", str(data), "--format", "jsonl"],
                           capture_output=True, text=True, check=True).stdout.splitlines()
    outcomes = [json.loads(l).get("outcome") for l in cases]
    assert outcomes == ["coffee"] * 4 + ["other"] * 4

    test = subprocess.run([sopc, "test", str(tree)], capture_output=True, text=True)
    assert test.returncode == 0, test.stdout + test.stderr

    rows, metrics = replay_in_duckdb(sopc, tree, data)
    assert sorted(r["outcome"] for r in rows) == sorted(["coffee"] * 4 + ["other"] * 4)
    sr.compare_rows(rows, report)
    sr.compare_metrics(*metrics, report)
