#!/usr/bin/env python3
"""Times native `sopc replay` against DuckDB running the exported SQL on the same generated samples
(JSON Lines), and checks that both report the same summary.

    pip install duckdb
    swift build -c release
    python3 scripts/duckdb_replay_bench.py --rows 10000000

It uses the release binaries (`.build/release/sopc`, `sopc-bench`), writes the samples under --work
(default: a temporary folder) and prints the timings. DuckDB's time is given both for the query alone (over
a table loaded from the file beforehand) and for the whole job (reading the JSON Lines file included).
"""
import argparse
import json
import pathlib
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "Tests" / "e2e"))
import sql_replay as sr  # noqa: E402  (the e2e tests' helpers: one definition of the loading rules)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tree", default=str(ROOT / "trees" / "account-takeover.sop.yaml"))
    ap.add_argument("--rows", type=int, default=10_000_000)
    ap.add_argument("--seed", type=int, default=5)
    ap.add_argument("--sopc", default=str(ROOT / ".build" / "release" / "sopc"))
    ap.add_argument("--bench", default=str(ROOT / ".build" / "release" / "sopc-bench"))
    ap.add_argument("--work", default=None)
    args = ap.parse_args()
    import duckdb

    work = pathlib.Path(args.work or tempfile.mkdtemp(prefix="sopc-duckdb-"))
    work.mkdir(parents=True, exist_ok=True)
    samples = work / "samples.jsonl"
    t = time.time()
    with open(samples, "w") as out:
        subprocess.run([args.bench, "gen-samples", args.tree, str(args.rows), "--seed", str(args.seed)],
                       stdout=out, check=True)
    print(f"generated {args.rows:,} rows ({samples.stat().st_size:,} bytes) in {time.time() - t:.1f} s", flush=True)

    t = time.time()
    report = json.loads(subprocess.run([args.sopc, "replay", "--format", "json", args.tree, str(samples)],
                                       capture_output=True, text=True).stdout)
    native_s = time.time() - t
    summary = report["summary"]
    print(f"sopc replay: {native_s:.2f} s ({args.rows / native_s:,.0f} rows/s)", flush=True)

    sql = sr.export(args.sopc, args.tree)
    metrics = sr.statements(sr.export(args.sopc, args.tree, "--metrics"))
    cols = sr.columns(sql)
    con = duckdb.connect()
    t = time.time()
    con.execute("CREATE TABLE samples AS SELECT * FROM read_json(?, format='newline_delimited', columns="
                + repr(cols) + ")", [str(samples)])
    load_s = time.time() - t
    t = time.time()
    con.execute("CREATE TABLE sop_replay AS " + sql)
    results = [con.execute(q).fetchall() for q in metrics]
    query_s = time.time() - t
    print(f"duckdb {duckdb.__version__}: load {load_s:.2f} s, query + metrics {query_s:.2f} s, "
          f"whole job {load_s + query_s:.2f} s ({args.rows / (load_s + query_s):,.0f} rows/s)", flush=True)
    replayed = con.execute("SELECT count(*) FROM sop_replay WHERE status = 'replayed'").fetchone()[0]
    print(f"replayed: sopc {summary['replayed']:,}, duckdb {replayed:,}: "
          + ("equal" if replayed == summary["replayed"] else "DIFFERENT"))
    print(f"SQL size: {len(sql.encode()):,} bytes; metric queries: {len(results)}")
    return 0 if replayed == summary["replayed"] else 1


if __name__ == "__main__":
    sys.exit(main())
