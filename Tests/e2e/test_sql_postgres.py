"""The Postgres SQL export, run by a real Postgres server (Debian's `postgresql`, started by the test in a
temporary folder), against sopc itself: shipped trees over generated rows with malformed and missing
values, every row equal to `sopc run --cases` and `sopc replay`, every metric to the last digit; and the
did-you-mean hints, which the Postgres query computes with sopc's own distance, equal to sopc's on words
made to tell edit distances apart."""
import glob
import json
import os
import pathlib
import resource
import shutil
import subprocess
import tempfile

import pytest

import sql_replay as sr

if not os.environ.get("CI"):
    pytest.importorskip("psycopg")  # CI installs it (.ci/requirements.txt) and postgresql (.ci/apt-packages.txt)

ROWS = {"account-takeover": 20_000, "harassment": 5_000, "scam-fraud": 5_000}


def server_binaries():
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not found:
        if os.environ.get("CI"):
            pytest.fail("postgresql is not installed (.ci/apt-packages.txt)")
        pytest.skip("no Postgres server binaries under /usr/lib/postgresql")
    return pathlib.Path(found[-1]).parent


@pytest.fixture(scope="module")
def pg():
    """A Postgres server of its own in a temporary folder, listening on a Unix socket only. Postgres
    refuses to run as root, so as root it runs as the `postgres` user Debian's package creates."""
    import psycopg
    bindir = server_binaries()
    folder = pathlib.Path(tempfile.mkdtemp(prefix="sopc-pg-"))
    as_user = []
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
        as_user = ["runuser", "-u", "postgres", "--"]
    data = folder / "data"
    subprocess.run(as_user + [str(bindir / "initdb"), "-D", str(data), "-A", "trust", "-U", "sopc",
                              "-E", "UTF8", "--locale=C.UTF-8"], check=True, capture_output=True)
    # Each server process may use at most 4 GB, so a runaway query fails instead of exhausting the machine.
    limit = lambda: resource.setrlimit(resource.RLIMIT_AS, (4 << 30, 4 << 30))  # noqa: E731
    subprocess.run(as_user + [str(bindir / "pg_ctl"), "-D", str(data), "-w", "-l", str(folder / "log"),
                              "-o", f"-k {folder} -c listen_addresses='' -p 5439 -c fsync=off", "start"],
                   check=True, capture_output=True, preexec_fn=limit)
    try:
        with psycopg.connect(host=str(folder), port=5439, user="sopc", dbname="postgres", autocommit=True) as con:
            yield con
    finally:
        subprocess.run(as_user + [str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
                       capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)


def load(con, cols, samples):
    """The samples file into a table `samples` with the column types the query's header names."""
    con.execute("DROP TABLE IF EXISTS samples")
    con.execute("CREATE TABLE samples (" + ", ".join(f'"{n}" {t}' for n, t in cols.items()) + ")")
    names = list(cols)
    rows = []
    for line in samples.read_text().splitlines():
        obj = json.loads(line)
        if isinstance(obj.get("id"), int) and not isinstance(obj.get("id"), bool):
            obj["id"] = str(obj["id"])
        rows.append(tuple(obj.get(n) for n in names))
    with con.cursor() as cur:
        cur.executemany("INSERT INTO samples VALUES (" + ", ".join(["%s"] * len(names)) + ")", rows)


def replay_in_postgres(con, sopc, tree, samples):
    sql = sr.export(sopc, tree, "--dialect", "postgres", "--table", "samples")
    load(con, sr.columns(sql), samples)
    con.execute("DROP TABLE IF EXISTS sop_replay")
    con.execute("CREATE TEMP TABLE sop_replay AS " + sql)
    cur = con.execute("SELECT * FROM sop_replay")
    names = [d.name for d in cur.description]
    rows = [dict(zip(names, r)) for r in cur.fetchall()]
    results = []
    for q in sr.statements(sr.export(sopc, tree, "--dialect", "postgres", "--metrics")):
        cur = con.execute(q)
        names = [d.name for d in cur.description]
        results.append([dict(zip(names, r)) for r in cur.fetchall()])
    summary, by_reason, confusion, nodes = results
    for n in nodes:
        n["rate"] = None if n["rate"] is None else float(n["rate"])
    summary = summary[0]
    for key in ("agreement", "kappa"):
        summary[key] = None if summary[key] is None else float(summary[key])
    return rows, (summary, [(r["kind"], r["samples"]) for r in by_reason],
                  [(r["sop"], r["label"], r["samples"]) for r in confusion], nodes)


@pytest.mark.parametrize("name", list(ROWS))
def test_generated_samples(pg, sopc, root, tmp_path, name):
    tree = root / "trees" / f"{name}.sop.yaml"
    samples, lines = sr.generated(sopc, tree, ROWS[name], 17, tmp_path)
    rows = sr.check_engine(sopc, tree, samples, lines, lambda f: replay_in_postgres(pg, sopc, tree, f))
    assert any("did you mean" in (r["reason"] or "") for r in rows)


def test_hints_equal_sopc(pg, sopc, root, tmp_path):
    """Unknown outcomes and nodes spelt to separate the distances (`sql_replay.hint_words`): every reason,
    did-you-mean hint included, equals sopc replay's."""
    tree = root / "trees" / "account-takeover.sop.yaml"
    samples = tmp_path / "hints.jsonl"
    samples.write_text("\n".join(sr.hint_lines(tree)) + "\n")
    rows, _ = replay_in_postgres(pg, sopc, tree, samples)
    sr.compare_hints(rows, sr.native(sopc, tree, samples))
