"""The DuckDB SQL export, run by DuckDB, against sopc itself: every shipped tree over its shipped samples
and over generated rows with malformed and missing values (100,000 through account-takeover). Every row
equals `sopc run --cases` (outcome and path, or rejection kind and reason) and `sopc replay` (rejections
for labels, divergence of every disagreement); every metric equals `sopc replay --format json`."""
import json
import subprocess

import duckdb
import pytest

import sql_replay as sr

GENERATED_ROWS = 100_000


def trees(root):
    """Shipped trees with nodes (library files have none)."""
    return [t for t in sorted((root / "trees").glob("*.sop.yaml")) if "\nstart:" in t.read_text()]


def replay_in_duckdb(sopc, tree, samples_file, *options):
    sql = sr.export(sopc, tree, "--table", "samples", *options)
    cols = sr.columns(sql)
    con = duckdb.connect()
    con.execute(f"CREATE TABLE samples AS SELECT * FROM read_json(?, format='newline_delimited', columns={cols!r})",
                [str(samples_file)])
    # A script in stages (`--stage-levels`): the stages first, then the replay query into a table.
    statements = sr.statements(sql)
    for s in statements[:-1]:
        con.execute(s)
    con.execute("CREATE TABLE sop_replay AS " + statements[-1])
    rows = con.execute("SELECT * FROM sop_replay").fetchall()
    names = [d[0] for d in con.description]
    rows = [dict(zip(names, r)) for r in rows]
    metrics = sr.statements(sr.export(sopc, tree, "--metrics"))
    results = []
    for q in metrics:
        cur = con.execute(q)
        names = [d[0] for d in cur.description]
        results.append([dict(zip(names, r)) for r in cur.fetchall()])
    summary, by_reason, confusion, nodes = results
    return rows, (summary[0], [(r["kind"], r["samples"]) for r in by_reason],
                  [(r["sop"], r["label"], r["samples"]) for r in confusion], nodes)


def check(sopc, tree, lines, tmp_path, name, *options):
    """Splits off the lines no typed table can hold (native replay must reject each), then runs both
    sides on the same file of the rest and compares."""
    cols = sr.columns(sr.export(sopc, tree))
    fits = [sr.loadable(l, cols) for l in lines]
    kept = [l for l, ok in zip(lines, fits) if ok]
    unloadable = [l for l, ok in zip(lines, fits) if l.strip() and not ok]
    if unloadable:
        left_out = tmp_path / f"{name}-unloadable.jsonl"
        left_out.write_text("\n".join(unloadable) + "\n")
        assert sr.native(sopc, tree, left_out)["summary"]["rejected"] == len(unloadable), \
            "a line no typed table can hold was replayed by sopc"
    samples = tmp_path / f"{name}.jsonl"
    samples.write_text("\n".join(kept) + "\n")
    report = sr.native(sopc, tree, samples)
    rows, metrics = replay_in_duckdb(sopc, tree, samples, *options)
    assert len(rows) == report["summary"]["samples"] == len([l for l in kept if l.strip()])
    sr.compare_rows(rows, report)
    checked = sr.compare_with_run(rows, sr.run_cases(sopc, tree, samples))
    assert checked >= 0.9 * len(rows)
    sr.compare_metrics(*metrics, report)
    return report


def test_shipped_samples(sopc, root, tmp_path):
    tree = root / "trees" / "account-takeover.sop.yaml"
    lines = (root / "trees" / "samples" / "account-takeover.jsonl").read_text().splitlines()
    report = check(sopc, tree, lines, tmp_path, "shipped")
    # The shipped file plants one row of each kind of problem: they must reach the comparison.
    assert report["summary"]["rejected"] >= 4
    assert report["summary"]["disagree"] > 0


# 100,000 rows through the SOP with shipped samples; fewer through the rest (harassment calls other SOPs),
# to keep CI short.
@pytest.mark.parametrize("name,count", [("account-takeover", GENERATED_ROWS), ("harassment", 20_000),
                                        ("impersonation", 10_000), ("minor-safety", 10_000), ("scam-fraud", 10_000),
                                        ("self-harm", 10_000), ("violent-threat", 10_000)])
def test_generated_samples(sopc, root, tmp_path, name, count):
    tree = root / "trees" / f"{name}.sop.yaml"
    bench = str(root / ".build" / "debug" / "sopc-bench") if not sopc.endswith("release/sopc") else sopc + "-bench"
    generated = subprocess.run([bench, "gen-samples", str(tree), str(count), "--path-rate", "0.3",
                                "--seed", "11"], capture_output=True, text=True, check=True).stdout.splitlines()
    sql = sr.export(sopc, tree)
    cols = sr.columns(sql)
    outcomes = sorted({json.loads(l)["label"] for l in generated[:2000]})
    nodes = sorted({n for l in generated[:5000] for n in (json.loads(l).get("path") or [])}) or ["start"]
    lines = sr.damage(generated, cols, outcomes, nodes, nul=True)
    report = check(sopc, tree, lines, tmp_path, name)
    s = report["summary"]
    assert s["samples"] >= count * 0.99
    kinds = s["rejected_by_reason"]
    for kind in ("invalid-value", "unknown-outcome", "missing-label", "missing-input", "encoding"):
        assert kinds.get(kind, 0) > 0, (kind, kinds)
    assert s["disagree"] > 0 and s["label_unreachable"] >= 0


@pytest.mark.parametrize("name,levels", [("account-takeover", 1), ("account-takeover", 3), ("harassment", 2)])
def test_staged_script(sopc, root, tmp_path, name, levels):
    """The walk written in stages of a few levels (`--stage-levels`, what the Spark dialect does for deep
    SOPs): each stage materialised as a table the next one reads, the replay query last; equal to sopc."""
    tree = root / "trees" / f"{name}.sop.yaml"
    assert len(sr.statements(sr.export(sopc, tree, "--stage-levels", str(levels)))) > 2
    samples, lines = sr.generated(sopc, tree, 5000, 19, tmp_path)
    check(sopc, tree, lines, tmp_path, name, "--stage-levels", str(levels))


def test_hints_equal_sopc(sopc, root, tmp_path):
    """Unknown outcomes and nodes spelt to separate the distances (`sql_replay.hint_words`): every reason,
    did-you-mean hint included, equals sopc replay's."""
    tree = root / "trees" / "account-takeover.sop.yaml"
    samples = tmp_path / "hints.jsonl"
    samples.write_text("\n".join(sr.hint_lines(tree)) + "\n")
    rows, _ = replay_in_duckdb(sopc, tree, samples)
    sr.compare_hints(rows, sr.native(sopc, tree, samples))
