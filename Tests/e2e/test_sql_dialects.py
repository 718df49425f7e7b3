"""The Spark, BigQuery and Postgres exports of every shipped tree parse in their dialect (sqlglot), the
replay query and the metrics queries alike, and a deep SOP's staged Spark script statement by statement.
DuckDB's, Postgres's and Spark's are run for real in test_sql_duckdb.py, test_sql_postgres.py and
test_sql_spark.py. BigQuery's did-you-mean function, JavaScript, is run in headless Chromium against
sopc's own hints."""
import re

import pytest
import sqlglot
from sqlglot.errors import ErrorLevel

import sql_replay as sr

DIALECTS = {"spark": "spark", "bigquery": "bigquery", "postgres": "postgres", "duckdb": "duckdb"}


def trees(root):
    return [t for t in sorted((root / "trees").glob("*.sop.yaml")) if "\nstart:" in t.read_text()]


@pytest.mark.parametrize("dialect", sorted(DIALECTS))
def test_parses(sopc, root, dialect):
    for tree in trees(root):
        sql = sr.export(sopc, tree, "--dialect", dialect, "--table", "qa.decisions")
        # One query, or for a SOP deeper than the dialect's stage (Spark: 8 levels) a script whose last
        # statement is the query.
        parsed = [sqlglot.parse_one(s, read=DIALECTS[dialect], error_level=ErrorLevel.RAISE) for s in sr.statements(sql)]
        levels = int(sql.splitlines()[2].split()[1])
        if dialect == "bigquery":  # first the did-you-mean function the query calls
            assert isinstance(parsed[0], sqlglot.exp.Create) and parsed[0].kind == "FUNCTION", tree
            parsed = parsed[1:]
        assert len(parsed) == 1 or (dialect == "spark" and levels > 8), tree
        # The walk really is there: one decision step per level.
        assert len([c for p in parsed for c in p.find_all(sqlglot.exp.CTE) if c.alias.startswith("sop_d")]) == levels
        metrics = sr.export(sopc, tree, "--dialect", dialect, "--metrics")
        statements = sr.statements(metrics)
        assert len(statements) == 4
        for q in statements:
            sqlglot.parse_one(q, read=DIALECTS[dialect], error_level=ErrorLevel.RAISE)


def test_dialect_spellings(sopc, root):
    """The dialect table's entries land where they should."""
    tree = root / "trees" / "account-takeover.sop.yaml"
    spark = sr.export(sopc, tree, "--dialect", "spark")
    assert "array_contains(" in spark and "`recent_changes`" in spark and "try_element_at(" in spark
    assert "aggregate(sequence(1, " in spark and "greatest(sop_id, sop_id)" in spark and "levenshtein(" not in spark
    bq = sr.export(sopc, tree, "--dialect", "bigquery")
    assert "IN UNNEST(" in bq and "SAFE_ORDINAL(" in bq and "CAST(NULL AS INT64)" in bq and "EDIT_DISTANCE(" not in bq
    assert bq.count("CREATE TEMP FUNCTION sop_suggestion(") == 1 and bq.count("sop_suggestion(sop_") == 3
    pg = sr.export(sopc, tree, "--dialect", "postgres")
    assert "= ANY(" in pg and "WITH ORDINALITY" in pg and "CAST(NULL AS TEXT)" in pg and "levenshtein(" not in pg
    assert "WITH RECURSIVE sop_w(" in pg and "\n  OFFSET 0\n)" in pg
    duck = sr.export(sopc, tree, "--dialect", "duckdb")
    assert "list_contains(" in duck and "list_reduce(generate_series(1, " in duck and "levenshtein(" not in duck


@pytest.mark.parametrize("dialect", sorted(DIALECTS))
def test_staged_script_parses(sopc, root, dialect):
    """A script in stages (`--stage-levels`) is statements ending in `;` at a line end; each parses, the
    stages materialise under their names and the last statement, the replay query, reads the last stage."""
    tree = root / "trees" / "account-takeover.sop.yaml"
    sql = sr.export(sopc, tree, "--dialect", dialect, "--stage-levels", "3")
    statements = sr.statements(sql)
    parsed = [sqlglot.parse_one(s, read=DIALECTS[dialect], error_level=ErrorLevel.RAISE) for s in statements]
    assert "sop_account_takeover_stage2" in statements[-1]
    assert sum("sop_account_takeover_stage" in s and " AS\nWITH" in s for s in statements) == 2
    assert len([c for p in parsed for c in p.find_all(sqlglot.exp.CTE) if c.alias.startswith("sop_d")]) == 8


def bigquery_hint_function(sql):
    """The JavaScript body of the BigQuery script's did-you-mean function, and the candidate list each of
    its calls passes, by the column it is called on (sqlglot reads both from the script)."""
    parsed = [sqlglot.parse_one(s, read="bigquery", error_level=ErrorLevel.RAISE) for s in sr.statements(sql)]
    body = parsed[0].expression.this
    calls = {f.expressions[0].sql(): [x.this for x in f.expressions[1].expressions]
             for p in parsed[1:] for f in p.find_all(sqlglot.exp.Anonymous) if f.name == "sop_suggestion"}
    return body, calls


def test_bigquery_hints_equal_sopc(sopc, root, tmp_path, browser):
    """BigQuery has neither higher-order array functions nor recursion in a correlated subquery, so its
    script declares sopc's suggestion rule as a JavaScript function. That very body (read from the
    exported script), run in headless Chromium on the words made to tell edit distances apart, gives for
    every unknown outcome in `label` and unknown node in `path` the hint `sopc replay` gives, or none."""
    tree = root / "trees" / "account-takeover.sop.yaml"
    body, calls = bigquery_hint_function(sr.export(sopc, tree, "--dialect", "bigquery"))
    assert set(calls) == {"sop_label", "sop_ai", "sop_fp"} and calls["sop_label"] == calls["sop_ai"]
    samples = tmp_path / "hints.jsonl"
    lines = sr.hint_lines(tree)
    samples.write_text("\n".join(lines) + "\n")
    reasons = {r["id"]: r["reason"] for r in sr.native(sopc, tree, samples)["rejected"]}
    asks = []
    for line in lines:
        row = __import__("json").loads(line)
        word, column = (row["label"], "sop_label") if row["id"].startswith("l") else (row["path"][1], "sop_fp")
        hint = re.search(r"; did you mean `(.*)`\?$", reasons[row["id"]])
        asks.append((word, column, hint and hint.group(1)))
    page = browser.new_page()
    got = page.evaluate("""([body, calls, asks]) => {
        const suggestion = new Function('word', 'candidates', body)
        return asks.map(([word, column]) => suggestion(word, calls[column]))
    }""", [body, calls, [[w, c] for w, c, _ in asks]])
    page.close()
    assert [(w, g) for (w, _, _), g in zip(asks, got)] == [(w, want) for w, _, want in asks]
    assert len([a for a in asks if a[2]]) >= 20
    # The words tell the distances apart: for some, plain Levenshtein (BigQuery's EDIT_DISTANCE, which
    # counts a swap as two edits) would give another hint or none.
    assert any(levenshtein_suggestion(w, calls[col]) != want for w, col, want in asks)


def levenshtein_suggestion(word, candidates):
    """sopc's suggestion rule with plain Levenshtein distance in place of optimal string alignment."""
    def distance(a, b):
        row = list(range(len(b) + 1))
        for i, x in enumerate(a, 1):
            row, before = [i], row
            for j, y in enumerate(b, 1):
                row.append(min(before[j] + 1, row[j - 1] + 1, before[j - 1] + (x != y)))
        return row[-1]
    if len(word) > 64:
        return None
    limit = max(1, min(3, (len(word) + 2) // 3))
    near = [c for c in candidates if c != word and abs(len(c) - len(word)) <= limit][:500]
    scored = [(distance(word.lower(), c.lower()), k) for k, c in enumerate(near)]
    best = min(scored, default=None)
    return near[best[1]] if best and best[0] <= limit else None
