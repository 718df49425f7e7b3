"""The Spark, BigQuery and Postgres exports of every shipped tree parse in their dialect (sqlglot), the
replay query and the metrics queries alike. DuckDB's is run for real in test_sql_duckdb.py and Spark's by
scripts/spark_replay.py."""
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
        parsed = sqlglot.parse(sql, read=DIALECTS[dialect], error_level=ErrorLevel.RAISE)
        assert len(parsed) == 1 and parsed[0] is not None, tree
        # The walk really is there: one decision step per level.
        assert len([c for c in parsed[0].find_all(sqlglot.exp.CTE) if c.alias.startswith("sop_d")]) >= 3
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
    assert "= ANY(" in pg and "WITH ORDINALITY" in pg and "CAST(NULL AS TEXT)" in pg and "levenshtein(" in pg
    duck = sr.export(sopc, tree, "--dialect", "duckdb")
    assert "list_contains(" in duck and "list_reduce(generate_series(1, " in duck and "levenshtein(" not in duck
