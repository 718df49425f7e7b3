"""Helpers for checking the SQL export against native replay: loading samples into an engine with the
column types the exported query names, generating samples with malformed and missing values, and
comparing per-row results and metrics with `sopc replay --format json`."""
import json
import math
import pathlib
import random
import re
import subprocess

ROOT = pathlib.Path(__file__).resolve().parents[2]

COLUMN = re.compile(r"^-- column: (\S+) (.+)$")


def export(sopc, tree, *args):
    """The exported SQL text."""
    return subprocess.run([sopc, "export", "--format", "sql", str(tree), *args],
                          capture_output=True, text=True, check=True).stdout


def columns(sql):
    """The sample columns the query reads, from its header: name -> type."""
    result = {}
    for line in sql.splitlines():
        m = COLUMN.match(line)
        if m:
            name = m.group(1)
            if name[0] in "\"`":
                name = name[1:-1]
            result[name] = m.group(2)
    return result


def statements(sql):
    """The statements of a script of `;`-terminated queries."""
    return [s.strip() for s in sql.split(";\n") if s.strip() and not all(
        l.startswith("--") for l in s.strip().splitlines())]


def run_script(run, sql, after=None):
    """Runs an exported replay script with `run` (e.g. `spark.sql`), one statement at a time: a deep SOP's
    stages, each materialised for the next, then the replay query, whose result is returned. `after`, if
    given, is called with the statement's number (from 1) and the count after each statement but the last."""
    parts = statements(sql)
    for k, part in enumerate(parts[:-1], 1):
        run(part)
        if after:
            after(k, len(parts))
    return run(parts[-1])


# MARK: - Which lines a typed table can hold

def _fits(value, sql_type):
    if value is None:
        return True
    if sql_type == "BOOLEAN":
        return isinstance(value, bool)
    if sql_type == "BIGINT":
        return isinstance(value, int) and not isinstance(value, bool) and -2**63 <= value < 2**63
    if sql_type == "VARCHAR[]":
        return isinstance(value, list) and all(isinstance(v, str) for v in value)
    return isinstance(value, str)


def loadable(line, cols, id_field="id"):
    """Whether a JSON line fits a typed table: one object, no repeated field, every column's value of
    its type. Lines that do not are type errors a warehouse's loader rejects; sopc rejects them too."""
    pairs = []
    try:
        obj = json.loads(line, object_pairs_hook=lambda p: pairs.append(p) or dict(p))
    except ValueError:
        return False
    if not isinstance(obj, dict):
        return False
    for p in pairs:
        if len({k for k, _ in p}) != len(p):
            return False
    for name, sql_type in cols.items():
        if name == id_field and isinstance(obj.get(name), int) and not isinstance(obj.get(name), bool):
            continue
        if not _fits(obj.get(name), sql_type):
            return False
    return True


# MARK: - Generated samples with malformed and missing values

def damage(lines, cols, outcomes, nodes, seed=7, nul=False):
    """Rewrites generated sample lines: inputs left out or null, values outside their domain, unknown
    and misspelt outcomes and nodes, long and non-ASCII text, missing labels, and a few lines no typed
    table can hold (truncated, repeated field, a list where a value belongs). With `nul`, also U+0000
    (`\\u0000`) in a text input, a set member, `label`, `ai` or a `path` node: an `encoding` rejection
    (engines whose text columns cannot hold it, like Postgres, leave it off)."""
    rng = random.Random(seed)
    inputs = [c for c in cols if c not in ("id", "label", "labeler", "ai", "path")]
    out = []
    for line in lines:
        obj = json.loads(line)
        r = rng.random()
        if r < 0.15:
            obj.pop(rng.choice(inputs), None)
        elif r < 0.20:
            obj[rng.choice(inputs)] = None
        elif r < 0.24:
            name = rng.choice(inputs)
            t = cols[name]
            if t == "BIGINT":
                obj[name] = rng.choice([-1, 10**6, 2**40])
            elif t == "VARCHAR[]":
                obj[name] = (obj.get(name) or []) + [rng.choice(["zzz", "Email", "ü" * 70])]
            elif t == "VARCHAR":
                obj[name] = rng.choice(["bogus", "x" * 80, "naïve ✓ value"])
        elif r < 0.27:
            word = rng.choice(outcomes)
            i = rng.randrange(max(1, len(word) - 1))
            typo = word[:i] + word[i + 1:i + 2] + word[i:i + 1] + word[i + 2:]
            obj["label"] = rng.choice([typo, word.upper(), word + "s", "nothing_like_it", "q" * 300])
        elif r < 0.28:
            obj["ai"] = rng.choice(outcomes) + "_x"
        elif r < 0.30:
            if rng.random() < 0.5:
                obj.pop("label", None)
            else:
                obj["label"] = None
        elif r < 0.33:
            path = list(obj.get("path") or [rng.choice(nodes)])
            k = rng.randrange(len(path))
            path[k] = path[k] + "_" if rng.random() < 0.5 else path[k][:-1]
            obj["path"] = path
        elif r < 0.36:
            obj["path"] = rng.choice([[], [rng.choice(nodes)], rng.sample(nodes, min(3, len(nodes)))])
        elif r < 0.37:
            obj["labeler"] = None
        elif r < 0.42:
            obj["label"] = rng.choice(outcomes)
        elif r < 0.435 and nul:
            texts = [c for c in inputs if cols[c] in ("VARCHAR", "VARCHAR[]")] + ["label", "ai", "path"]
            name = rng.choice(texts)
            if name == "path" or cols.get(name) == "VARCHAR[]":
                members = list(obj.get(name) or [rng.choice(nodes)] if name == "path" else obj.get(name) or [])
                k = rng.randrange(len(members) + 1)
                members.insert(k, rng.choice(["\0", "a\0b", (members[k - 1] if k else "x") + "\0"]))
                obj[name] = members
            else:
                value = obj.get(name) or rng.choice(outcomes)
                obj[name] = rng.choice([value + "\0", "\0" + value, "\0"])
        text = json.dumps(obj, ensure_ascii=False)
        r2 = rng.random()
        if r2 < 0.002:
            text = text[: len(text) // 2]
        elif r2 < 0.004:
            text = text[:-1] + ', "label": "x"}'
        elif r2 < 0.006:
            name = rng.choice(inputs)
            text = json.dumps({**{k: v for k, v in obj.items() if k != name}, name: [[1]]})
        out.append(text)
    return out


def generated(sopc, tree, count, seed, folder):
    """`count` generated samples of `tree`, damaged as `damage` does, keeping the lines a typed table can
    hold, written to a file in `folder`: (the file, its lines)."""
    bench = sopc + "-bench" if sopc.endswith("release/sopc") else str(ROOT / ".build" / "debug" / "sopc-bench")
    lines = subprocess.run([bench, "gen-samples", str(tree), str(count), "--path-rate", "0.3", "--seed", str(seed)],
                           capture_output=True, text=True, check=True).stdout.splitlines()
    cols = columns(export(sopc, tree))
    outcomes = sorted({json.loads(l)["label"] for l in lines[:2000]})
    nodes = sorted({n for l in lines[:2000] for n in (json.loads(l).get("path") or [])}) or ["start"]
    kept = [l for l in damage(lines, cols, outcomes, nodes, seed=seed) if loadable(l, cols)]
    samples = pathlib.Path(folder) / f"{pathlib.Path(tree).name.removesuffix('.sop.yaml')}-{seed}.jsonl"
    samples.write_text("\n".join(kept) + "\n")
    return samples, kept


# MARK: - Native replay as the reference

def native(sopc, tree, samples):
    """`sopc replay --format json` listing every disagreement and rejected row."""
    run = subprocess.run([sopc, "replay", str(tree), str(samples), "--format", "json", "--jobs", "2",
                          "--max-disagreements", "1000000", "--max-rejected", "1000000"],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout, parse_float=lambda s: s)


def ratio_text(x):
    """A ratio as `sopc replay --format json` writes it: up to 6 decimals, rounded half away from zero,
    trailing zeros removed."""
    if x is None:
        return None
    scaled = abs(x) * 1e6
    n = math.floor(scaled)
    if scaled - n >= 0.5:
        n += 1
    text = ("-" if x < 0 and n else "") + str(n // 10**6)
    frac = str(n % 10**6).rjust(6, "0").rstrip("0")
    return text + ("." + frac if frac else "")


def json_ratio(v):
    return None if v is None else str(v)


def compare_rows(rows, report):
    """Every SQL row against native replay: rejected rows by id with kind and reason; disagreements by
    id with the SOP's outcome, path and divergence; every other row agrees."""
    by_id = {}
    for r in rows:
        assert r["id"] not in by_id, f"duplicate id {r['id']}"
        by_id[r["id"]] = r
    rejected = {r["id"]: r for r in report["rejected"]}
    disagreements = {d["id"]: d for d in report["disagreements"]}
    assert len(rejected) == report["summary"]["rejected"]
    assert len(disagreements) == report["summary"]["disagree"]
    for id, r in by_id.items():
        if id in rejected:
            want = rejected[id]
            assert (r["status"], r["kind"], r["reason"]) == ("rejected", want["kind"], want["reason"]), (id, r, want)
        elif id in disagreements:
            d = disagreements[id]
            assert r["status"] == "replayed", (id, r, d)
            assert r["outcome"] == d["sop"], (id, r, d)
            assert r["path"] == " > ".join(d["path"] + [d["sop"]]), (id, r, d)
            assert r["divergence"] == d["divergence"], (id, r, d)
        else:
            assert r["status"] == "replayed" and r["outcome"] == r["label"], (id, r)
    assert set(by_id) >= set(rejected) | set(disagreements)


def compare_metrics(summary, rejected_by_reason, confusion, nodes, report):
    """The four metric queries against the report: equal to the last digit."""
    s = report["summary"]
    for key in ("samples", "replayed", "rejected", "agree", "disagree", "label_unreachable"):
        assert summary[key] == s[key], (key, summary[key], s[key])
    for key in ("agreement", "kappa"):
        assert ratio_text(summary[key]) == json_ratio(s[key]), (key, summary[key], s[key])
    assert dict(rejected_by_reason) == s["rejected_by_reason"]
    assert [k for k, _ in rejected_by_reason] == list(s["rejected_by_reason"])
    outcomes = report["confusion"]["outcomes"]
    matrix = report["confusion"]["matrix"]
    want = [(a, b, matrix[i][j]) for i, a in enumerate(outcomes) for j, b in enumerate(outcomes)]
    assert confusion == want
    got = []
    for n in nodes:
        pattern = None
        if n["pattern_count"] is not None:
            pattern = {"sop_branch": n["pattern_branch"], "label": n["pattern_label"], "count": n["pattern_count"]}
        got.append({"node": n["node"], "reached": n["reached"], "disagreements": n["disagreements"],
                    "rate": ratio_text(n["rate"]), "pattern": pattern})
    keys = ("node", "reached", "disagreements", "rate", "pattern")
    want_nodes = [{k: (json_ratio(n[k]) if k == "rate" else n[k]) for k in keys} for n in report["nodes"]]
    assert got == want_nodes


# MARK: - `sopc run --cases` as the per-row reference

LABEL_KINDS = ("missing-label", "unknown-outcome", "unknown-node")
LABEL_FIELDS = ("label", "ai", "path")


def run_cases(sopc, tree, samples):
    """`sopc run --cases`: one JSON object per case, by id."""
    run = subprocess.run([sopc, "run", str(tree), "--cases", str(samples)], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    return {r["id"]: r for r in map(json.loads, run.stdout.splitlines())}


def compare_with_run(rows, cases):
    """Every SQL row against `sopc run --cases`: replayed rows have its outcome and path, rows rejected
    for their inputs its kind and reason. (`run` reads no labels: rows rejected for `label`, `ai` or `path`
    are compared with `sopc replay` instead.)"""
    assert len(cases) == len(rows)
    checked = 0
    for r in rows:
        c = cases[r["id"]]
        if r["status"] == "replayed":
            assert (r["outcome"], r["path"]) == (c.get("outcome"), c.get("path")), (r, c)
            checked += 1
        elif r["kind"] not in LABEL_KINDS and not (r["kind"] == "encoding" and r["reason"].split("`")[1] in LABEL_FIELDS):
            assert (r["kind"], r["reason"]) == (c.get("rejected"), c.get("reason")), (r, c)
            checked += 1
    return checked


def check_engine(sopc, tree, samples, lines, replay):
    """`replay(samples)` (an engine's rows and metric rows) against sopc on the same file of generated
    samples: every row, every metric; the damage must have produced missing inputs and unknown outcomes.
    Returns the rows."""
    report = native(sopc, tree, samples)
    rows, metrics = replay(samples)
    assert len(rows) == report["summary"]["samples"] == len(lines)
    compare_rows(rows, report)
    assert compare_with_run(rows, run_cases(sopc, tree, samples)) >= 0.9 * len(rows)
    compare_metrics(*metrics, report)
    kinds = report["summary"]["rejected_by_reason"]
    assert kinds.get("missing-input", 0) > 0 and kinds.get("unknown-outcome", 0) > 0
    return rows


# MARK: - Words for did-you-mean hints

def outcomes_of(tree):
    """The SOP's outcome names, in declaration order (from the query's label check)."""
    import yaml
    return list(yaml.safe_load(pathlib.Path(tree).read_text())["outcomes"])


def hint_words(candidates):
    """Misspellings that tell edit distances apart: adjacent swaps (one edit for sopc's optimal string
    alignment, two for Levenshtein; two swaps, two against four, past Levenshtein's limit), a swap with a letter put between (three for optimal string alignment,
    two for full Damerau-Levenshtein), dropped and doubled letters, case, non-ASCII letters, a near tie
    between candidates, and words too far or too long for any hint."""
    words = []
    for c in candidates:
        n = len(c)
        words += [c[1] + c[0] + c[2:], c[:n // 2 - 1] + c[n // 2] + c[n // 2 - 1] + c[n // 2 + 1:],
                  c[:-2] + c[-1] + c[-2], c[1:], c[:-1], c[:3] + c[3] + c[3:], c.upper(),
                  c[:2] + "é" + c[3:], c[1] + "x" + c[0] + c[2:], c[:2] + c[3] + "q" + c[2] + c[4:],
                  c[1] + c[0] + c[3] + c[2] + c[4:],
                  c[::-1], c + "_" + c, c + "s" * 300]
    words += ["ab", "x", "", "ÄÖÜ", "tier_", "tiers_x"]
    seen = set(candidates)
    return [w for w in words if not (w in seen or seen.add(w))]


def hint_lines(tree):
    """Sample lines of account-takeover whose `label` or `path` is one of `hint_words`: each row is
    rejected for that word, with or without a hint."""
    tree = pathlib.Path(tree)
    base = json.loads((ROOT / "trees" / "samples" / "account-takeover.jsonl").read_text().splitlines()[0])
    lines = [json.dumps({**base, "id": f"l{k}", "label": w, "path": None}, ensure_ascii=False)
             for k, w in enumerate(hint_words(outcomes_of(tree)))]
    nodes = list(__import__("yaml").safe_load(tree.read_text())["nodes"])
    lines += [json.dumps({**base, "id": f"p{k}", "path": ["intake", w]}, ensure_ascii=False)
              for k, w in enumerate(hint_words(nodes))]
    return lines


def compare_hints(rows, report):
    """Every row's reason, hint included, equals sopc replay's; enough of them carry a hint."""
    want = {r["id"]: r["reason"] for r in report["rejected"]}
    assert len([r for r in rows if "did you mean" in (r["reason"] or "")]) >= 20
    for r in rows:
        assert r["reason"] == want.get(r["id"]), (r["id"], r["reason"], want.get(r["id"]))
