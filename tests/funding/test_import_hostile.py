"""Hostile files given to import_schemes: a French error naming the line and the column,
or a clean report; never a traceback, nothing written when refused (issue 5 §2)."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from territoires.funding.importers.schemes import import_schemes
from territoires.funding.models import Scheme
from territoires.organisations.models import Organisation
from territoires.referential.importers.report import ImportRejected

from ..factories import ProgrammeFactory
from .test_import_schemes import AT, HEADER, ROWS, write

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def programme(db):
    return ProgrammeFactory()


def rejected(path):
    with pytest.raises(ImportRejected) as caught:
        import_schemes(path)
    assert not Scheme.objects.exists() and not Organisation.objects.exists()
    return caught.value.report.rejection_message()


def test_an_unclosed_quote_is_refused_with_the_line_where_it_opened(tmp_path):
    broken = f'Friches,{AT}/f/,Région,Communes,Prêt,,Ponctuelle,"Reconversion,'
    message = rejected(write(tmp_path, [ROWS[1], broken, ROWS[2]]))
    assert "guillemet ouvert à la ligne 3 et jamais fermé" in message


@pytest.mark.parametrize(
    ("row", "column", "reason"),
    [
        (ROWS[1].replace("Requalifier", "Requal\x00ifier"), "Nom", "caractère nul"),
        (ROWS[1].replace("Reconversion", "Recon\x00version"), "Descriptif", "caractère nul"),
        (ROWS[1].replace("Commission européenne", "Commission\x00"), "Financeurs", "nul"),
    ],
)
def test_text_no_column_holds_is_refused_with_line_and_column(tmp_path, row, column, reason):
    message = rejected(write(tmp_path, [row]))
    assert f"ligne 2, colonne « {column} »" in message and reason in message


def test_a_name_longer_than_the_column_is_refused_with_line_and_column(tmp_path):
    row = ROWS[1].replace("Requalifier les friches industrielles", "R" * 401)
    message = rejected(write(tmp_path, [row]))
    assert "ligne 2, colonne « Nom »" in message


def test_a_name_that_looks_like_a_formula_is_stored_as_text(tmp_path):
    row = ROWS[1].replace("Requalifier les friches industrielles", "=1+1 friches")
    import_schemes(write(tmp_path, [row]))
    assert Scheme.objects.get().name == "=1+1 friches"


CELLS = st.one_of(
    st.text(max_size=30),
    st.text(alphabet='=+-@"\t\r\n,;\x00 aé', max_size=10),
    st.sampled_from(["Oui", "", "31/12/2030", "Communes", "Subvention", f"{AT}/x/"]),
)


@settings(max_examples=50, deadline=None, suppress_health_check=list(HealthCheck))
@given(rows=st.lists(st.lists(CELLS, min_size=0, max_size=9), max_size=5))
def test_any_rows_give_a_report_or_a_line_numbered_refusal(tmp_path, rows):
    import csv
    import io

    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    path = tmp_path / "s.csv"
    path.write_text(HEADER + "\n" + buffer.getvalue(), encoding="utf-8")
    before = Scheme.objects.count()
    try:
        import_schemes(path)
    except ImportRejected as exc:
        assert all(i.where == "" or i.where.startswith("ligne ") for i in exc.report.errors)
        assert Scheme.objects.count() == before


@settings(max_examples=50, deadline=None, suppress_health_check=list(HealthCheck))
@given(content=st.binary(max_size=300))
def test_any_bytes_give_a_report_or_a_refusal(tmp_path, content):
    path = tmp_path / "s.csv"
    path.write_bytes(content)
    before = Scheme.objects.count()
    try:
        import_schemes(path)
    except ImportRejected:
        assert Scheme.objects.count() == before
