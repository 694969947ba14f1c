"""`make bench` (scripts/bench.py): where each factor's data lives, and how the table
reads. The measures themselves run outside the suite."""

import importlib.util
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "bench.py"


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("bench", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_each_factor_has_its_own_postgresql_database_beside_the_named_one(bench):
    url = "postgres://postgres@127.0.0.1:5432/territoires"
    assert bench.database_url_for(url, 1) == "postgres://postgres@127.0.0.1:5432/territoires_x1"
    assert bench.database_url_for(url, 10.0).endswith("/territoires_x10")
    assert bench.database_url_for(url, 0.5).endswith("/territoires_x0.5")


def test_without_postgresql_each_factor_has_an_sqlite_file(bench):
    assert bench.database_url_for("", 10).endswith("var/bench/x10.sqlite3")


def test_percentiles_by_nearest_rank(bench):
    values = list(range(1, 101))
    assert bench.percentile(values, 50) == 50
    assert bench.percentile(values, 95) == 95
    assert bench.percentile([7], 95) == 7
    assert bench.percentile([], 95) == 0.0


def _report(factor, queries, p95):
    case = {"label": "API : recherche", "p50": 40.0, "p95": p95, "queries": queries}
    return {
        "factor": factor,
        "vendor": "postgresql",
        "sizes": {"territories": 183 * factor, "sheets": 2400 * factor, "history": 1},
        "cases": [{**case, "sql": 20.0, "ratio": 2.0}],
    }


def test_the_table_holds_targets_query_counts_and_load_errors(bench, capsys):
    load = {
        "users": 50,
        "seconds": 60,
        "requests": 3000,
        "throughput": 50.0,
        "p50": 80.0,
        "p95": 140.0,
        "errors": 0,
        "first_errors": [],
    }
    assert bench.print_tables([_report(1, 6, 50.0), _report(10, 6, 90.0)], load) == []
    out = capsys.readouterr().out
    assert "| API : recherche" in out and "100 OK" in out
    assert "Mêmes nombres de requêtes à ×1 et ×10 : oui" in out
    assert "50 utilisateurs × 60 s : 3000 requêtes, 50.0 req/s" in out

    failures = bench.print_tables(
        [_report(1, 6, 50.0), _report(10, 7, 120.0)], {**load, "errors": 2}
    )
    assert failures == [
        "×10 API : recherche: p95 120 ms",
        "API : recherche (6 → 7)",
        "2 erreurs sous charge",
    ]


def test_the_bilan_as_of_a_past_date_has_its_own_target(bench):
    assert bench.target_of("Bilan au 31/12/2019 (PDF)") == 2000
    assert bench.target_of("API : recherche") == 100
    assert bench.target_of("Fiche") == 150
