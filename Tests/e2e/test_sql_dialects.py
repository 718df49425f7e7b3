"""The Spark, BigQuery and Postgres exports of every shipped tree parse in their dialect (sqlglot), the
replay query and the metrics queries alike, and a deep SOP's staged Spark script statement by statement.
DuckDB's, Postgres's and Spark's are run for real in test_sql_duckdb.py, test_sql_postgres.py and
test_sql_spark.py."""
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
    assert "IN UNNEST(" in bq and "SAFE_ORDINAL(" in bq and "CAST(NULL AS INT64)" in bq and "EDIT_DISTANCE(" in bq
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
