#!/usr/bin/env python3
"""Runs the Spark SQL export of a SOP in Spark local mode over generated samples (a million by default,
with malformed and missing values) and compares every row and every metric with sopc's own replay.

    pip install pyspark duckdb          # a JDK (17) must be on PATH
    swift build -c release
    python3 scripts/spark_replay.py --rows 1000000

It uses the release binaries (`.build/release/sopc`, `sopc-bench`; override with --sopc/--bench), writes
its files under --work (default: a temporary folder) and prints timings. Spark runs with its default
settings (whole-stage code generation on) but code-generation fallback switched off, so a generated method
past the JVM's 64 KB limit fails the run instead of being interpreted quietly. Exit status 0 when everything is equal. Not run by CI (PySpark and a JVM take
minutes); see docs/sql.md.
"""
import argparse
import json
import os
import pathlib
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "Tests" / "e2e"))
import sql_replay as sr  # noqa: E402  (the e2e tests' helpers: one definition of the comparison)


def jvm_cpu(pid):
    """CPU time (user + system, seconds) the Spark driver JVM has used so far: on a shared machine the
    wall time of a stage says more about the load than about Spark."""
    fields = pathlib.Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tree", default=str(ROOT / "trees" / "account-takeover.sop.yaml"))
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--seed", type=int, default=5)
    ap.add_argument("--sopc", default=str(ROOT / ".build" / "release" / "sopc"))
    ap.add_argument("--bench", default=str(ROOT / ".build" / "release" / "sopc-bench"))
    ap.add_argument("--work", default=None)
    ap.add_argument("--no-compare", action="store_true", help="only run the query (for the large generated SOP)")
    args = ap.parse_args()
    work = pathlib.Path(args.work or tempfile.mkdtemp(prefix="sopc-spark-"))
    work.mkdir(parents=True, exist_ok=True)
    tree = pathlib.Path(args.tree)

    t = time.time()
    generated = subprocess.run([args.bench, "gen-samples", str(tree), str(args.rows), "--path-rate", "0.3",
                                "--seed", str(args.seed)], capture_output=True, text=True, check=True).stdout.splitlines()
    sql = sr.export(args.sopc, tree, "--dialect", "spark", "--table", "samples")
    cols = sr.columns(sr.export(args.sopc, tree))
    outcomes = sorted({json.loads(l)["label"] for l in generated[:2000]})
    nodes = sorted({n for l in generated[:5000] for n in (json.loads(l).get("path") or [])}) or ["start"]
    lines = [l for l in sr.damage(generated, cols, outcomes, nodes, seed=args.seed) if sr.loadable(l, cols)]
    samples = work / "samples.jsonl"
    samples.write_text("\n".join(lines) + "\n")
    print(f"generated {len(lines):,} rows in {time.time() - t:.1f} s; SQL {len(sql.encode()):,} bytes", flush=True)

    t = time.time()
    report = None if args.no_compare else sr.native(args.sopc, tree, samples)
    native_s = time.time() - t
    if report:
        print(f"sopc replay: {native_s:.2f} s (listing every disagreement and rejection)", flush=True)

    from pyspark.sql import SparkSession
    spark = (SparkSession.builder.master("local[2]").appName("sopc-spark-replay")
             .config("spark.sql.codegen.fallback", "false")
             .config("spark.driver.memory", "4g")
             .config("spark.sql.shuffle.partitions", "4")
             .config("spark.ui.enabled", "false")
             .config("spark.sql.warehouse.dir", str(work / "warehouse"))  # a deep SOP's stage tables
             .getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    ddl = ", ".join(f"{name} {type}" for name, type in
                    ((l.split()[2], " ".join(l.split()[3:])) for l in sql.splitlines() if l.startswith("-- column: ")))
    spark.read.schema(ddl).option("mode", "FAILFAST").json(str(samples)).createOrReplaceTempView("samples")
    result = work / "sop_replay.parquet"
    jvm = spark._jvm.java.lang.ProcessHandle.current().pid()
    t = time.time()
    last = [t, jvm_cpu(jvm)]

    def after(k, count):
        """Wall and JVM CPU time of each stage of a deep SOP's script (its statements up to the one that
        creates the stage's table), as it goes."""
        if "CREATE" not in statements[k - 1]:
            return
        now, cpu = time.time(), jvm_cpu(jvm)
        stage = sum("CREATE" in q for q in statements[:k])
        print(f"  stage {stage}/{stages}: {now - last[0]:.1f} s wall, {cpu - last[1]:.1f} s JVM CPU, "
              f"load {os.getloadavg()[0]:.1f}", flush=True)
        last[:] = [now, cpu]

    statements = sr.statements(sql)
    stages = sum("CREATE" in q for q in statements[:-1])
    cpu0 = jvm_cpu(jvm)
    # A deep SOP's query is a script in stages (docs/sql.md): each stage's statements, the query last.
    sr.run_script(spark.sql, sql, after).write.mode("overwrite").parquet(str(result))
    spark_s = time.time() - t
    print(f"Spark replay query: {spark_s:.2f} s ({jvm_cpu(jvm) - cpu0:.1f} s JVM CPU over {len(statements)} "
          f"statements), result in {result}", flush=True)
    if args.no_compare:
        return 0

    spark.read.parquet(str(result)).createOrReplaceTempView("sop_replay")
    metrics = []
    for q in sr.statements(sr.export(args.sopc, tree, "--dialect", "spark", "--metrics")):
        metrics.append([r.asDict() for r in spark.sql(q).collect()])
    summary, by_reason, confusion, node_rows = metrics
    spark.stop()

    import duckdb
    con = duckdb.connect()
    cur = con.execute("SELECT * FROM read_parquet(?)", [str(result)])
    names = [d[0] for d in cur.description]
    rows = [dict(zip(names, r)) for r in cur.fetchall()]
    assert len(rows) == report["summary"]["samples"], (len(rows), report["summary"]["samples"])
    sr.compare_rows(rows, report)
    checked = sr.compare_with_run(rows, sr.run_cases(args.sopc, tree, samples))
    sr.compare_metrics(summary[0], [(r["kind"], r["samples"]) for r in by_reason],
                       [(r["sop"], r["label"], r["samples"]) for r in confusion], node_rows, report)
    s = report["summary"]
    print(f"equal: {len(rows):,} rows ({checked:,} against sopc run --cases, every rejection and disagreement "
          f"against sopc replay), metrics to the last digit; replayed {s['replayed']:,}, rejected {s['rejected']:,}, "
          f"disagree {s['disagree']:,}, kappa {s['kappa']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
