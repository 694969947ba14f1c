"""Hostile files given to the importers: a French error naming the line (and the column)
or a clean report, never a traceback, and nothing written when refused (issue 5 §2)."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from territoires.referential.importers.report import ImportRejected
from territoires.referential.importers.territories import import_territories
from territoires.referential.models import Territory

from .conftest import HEADER, TERRITORY_ROWS

pytestmark = pytest.mark.django_db

LABEL = "Bassins de Langres - Chaumont"


def write(tmp_path, text, name="t.csv"):
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return path


def csv_text(*lines):
    return "\n".join([",".join(HEADER), *lines]) + "\n"


def rejected(path):
    with pytest.raises(ImportRejected) as caught:
        import_territories(path)
    assert not Territory.objects.exists()
    return caught.value.report.rejection_message()


def test_an_unclosed_quote_is_refused_with_its_line(cog, tmp_path):
    path = write(tmp_path, csv_text(f"52121,4403,{LABEL}", f'52353,4403,"{LABEL}', "52058,4403,x"))
    message = rejected(path)
    assert "guillemet ouvert à la ligne 3 et jamais fermé" in message


def test_a_quote_closed_lines_later_does_not_swallow_them_silently(cog, tmp_path):
    path = write(
        tmp_path, csv_text(f'52121,4403,"{LABEL}', f'52353,4403,{LABEL}"', f"52058,4403,{LABEL}")
    )
    message = rejected(path)
    assert "ligne 2, colonne libelle_terrind : retour à la ligne" in message


@pytest.mark.parametrize(
    ("label", "reason"),
    [
        ("Langres\x00Chaumont", "caractère nul"),
        ("Langres\x07", "caractère de contrôle"),
        ("L" * 201, "201 caractères, 200 au plus"),
    ],
)
def test_a_label_that_no_column_holds_is_refused_with_line_and_column(cog, tmp_path, label, reason):
    path = write(tmp_path, csv_text(f"52121,4403,{label}"))
    message = rejected(path)
    assert f"ligne 2, colonne libelle_terrind : {reason}" in message


def test_a_label_that_looks_like_a_formula_is_stored_as_text(cog, tmp_path):
    label = '=HYPERLINK("http://exemple.invalid","Langres")'
    path = write(tmp_path, csv_text(f'52121,4403,"{label.replace(chr(34), chr(34) * 2)}"'))
    import_territories(path)
    assert Territory.objects.get(code="4403").name == label


# Properties: any bytes, or any rows, give a report or a French refusal ---------------------

CELLS = st.one_of(
    st.sampled_from([row[0] for row in TERRITORY_ROWS] + ["00000", "2A004", ""]),
    st.sampled_from(["4403", "2701", "9999", "44O3", ""]),
    st.text(max_size=40),
    st.text(alphabet='=+-@"\t\r\n,;\x00 ab', max_size=12),
    st.just("x" * 250),
)


def _check(path):
    before = Territory.objects.count()
    try:
        report = import_territories(path)
    except ImportRejected as exc:
        assert exc.report.errors
        for issue in exc.report.errors:
            assert issue.where == "" or issue.where.startswith("ligne "), issue
        assert Territory.objects.count() == before  # all or nothing
    else:
        assert not report.errors


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(content=st.binary(max_size=400))
def test_any_bytes_give_a_report_or_a_line_numbered_refusal(cog, tmp_path, content):
    _check(write(tmp_path, content))


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(rows=st.lists(st.lists(CELLS, min_size=0, max_size=4), max_size=6))
def test_any_rows_give_a_report_or_a_line_numbered_refusal(cog, tmp_path, rows):
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    writer.writerows(rows)
    _check(write(tmp_path, buffer.getvalue()))
