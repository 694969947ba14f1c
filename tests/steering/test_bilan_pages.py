"""The bilan's page, PDF (read back with pdftotext) and DOCX (read back with python-docx):
the national team reads the full bilan, the public its public version; a Région user
reads the full bilan of its region; a wrong date is a French 400; a fixed number of
queries whatever the size of the programme."""

import io
import shutil
import subprocess

import pytest
from django.urls import reverse

from ..factories import ActionSheetFactory, ScopeFactory

pytestmark = pytest.mark.django_db

ON_31_DECEMBER = "?date=2019-12-31"


def pdf_text(content):
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext absent (paquet poppler-utils, installé par .ci/run)")
    result = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True
    )
    return " ".join(result.stdout.decode().split())


def docx_text(content):
    from docx import Document

    doc = Document(io.BytesIO(content))
    cells = [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
    return " ".join(" ".join([p.text for p in doc.paragraphs] + cells).split())


def test_the_national_team_reads_the_full_bilan_of_a_past_day(world, login, national):
    response = login(national).get(reverse("bilan:national") + ON_31_DECEMBER)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Bilan au 31/12/2019 — programme national" in page
    assert "une cinquantaine de millions d’euros" in page or "cinquantaine de millions" in page
    assert 'data-testid="bilan-financers"' in page
    assert "4403 Chaumont – Langres (Grand Est) — Protocole d&#x27;accord signé" in page
    assert "<svg" in page and "<script" not in page.split("<main", 1)[1].split("</main>")[0]


def test_the_public_reads_the_published_fiches_without_money(world, login):
    page = login().get(reverse("bilan:national") + ON_31_DECEMBER).content.decode()
    assert 'data-testid="bilan-public"' in page
    assert 'data-testid="bilan-financers"' not in page
    assert "engagement financier" not in page


def test_a_region_user_reads_the_full_bilan_of_its_region_only(world, login):
    officer = ScopeFactory(kind="region", region=world["grand_est"]).user
    client = login(officer)
    own = client.get(reverse("bilan:region", args=["44"]) + ON_31_DECEMBER).content.decode()
    assert 'data-testid="bilan-financers"' in own
    assert "Bilan au 31/12/2019 — région Grand Est" in own
    other = client.get(reverse("bilan:region", args=["53"]) + ON_31_DECEMBER).content.decode()
    assert 'data-testid="bilan-public"' in other
    national = client.get(reverse("bilan:national") + ON_31_DECEMBER).content.decode()
    assert 'data-testid="bilan-public"' in national


def test_the_pdf_holds_the_headline_and_the_tables(world, login, national):
    response = login(national).get(reverse("bilan:national_pdf") + ON_31_DECEMBER)
    assert response["Content-Type"] == "application/pdf"
    assert "bilan-national-2019-12-31.pdf" in response["Content-Disposition"]
    text = pdf_text(response.content)
    assert "Au 31/12/2019, 2 territoires ont défini leur gouvernance" in text
    assert "2 ont fait l'objet d'un engagement financier pour une cinquantaine de millions" in text
    assert "Grand Est" in text and "Bretagne" in text and "Recruter" in text
    assert "Banque des Territoires" in text
    assert "4403 Chaumont – Langres" in text


def test_the_docx_holds_the_same_figures(world, login, national):
    response = login(national).get(reverse("bilan:region_docx", args=["44"]) + ON_31_DECEMBER)
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    text = docx_text(response.content)
    assert "Bilan au 31/12/2019 — région Grand Est" in text
    assert "en région Grand Est, 1 territoire a défini sa gouvernance" in text
    assert "Région Grand Est" in text  # the financer's table
    assert "4403 Chaumont – Langres (Grand Est) — Protocole d'accord signé" in text


def test_the_public_pdf_leaves_restricted_fiches_and_money_out(world, login):
    text = pdf_text(login().get(reverse("bilan:national_pdf") + ON_31_DECEMBER).content)
    assert "Version publique" in text
    assert "Banque des Territoires" not in text
    assert "2 actions publiées" in text


@pytest.mark.parametrize(
    ("date", "message"),
    [
        ("31/12/2019x", "Date invalide"),
        ("2999-01-01", "date future"),
        ("1900-01-01", "Le programme n&#x27;avait pas commencé"),
    ],
)
def test_a_wrong_date_is_a_french_400(world, login, date, message):
    for name in ("bilan:national", "bilan:national_pdf"):
        response = login().get(reverse(name) + f"?date={date}")
        assert response.status_code == 400
        assert message in response.content.decode()


def test_without_a_date_the_bilan_is_today_s(world, login):
    page = login().get(reverse("bilan:national")).content.decode()
    assert "Bilan au " in page and "Phase 2023" not in page


def test_an_unknown_region_is_a_404(world, login):
    assert login().get(reverse("bilan:region", args=["99"])).status_code == 404


def test_bilan_page_queries(sql_snapshot, world, login, national):
    client = login(national)
    with sql_snapshot():
        assert client.get(reverse("bilan:national") + ON_31_DECEMBER).status_code == 200


def test_the_query_count_does_not_depend_on_the_size(
    world, login, national, django_assert_max_num_queries
):
    client = login(national)
    url = reverse("bilan:national") + ON_31_DECEMBER
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        client.get(url)
    for n in range(40):
        ActionSheetFactory(territory=world["langres"], code=f"X{n}")
    with CaptureQueriesContext(connection) as large:
        client.get(url)
    assert len(large) == len(small)


def test_the_pdf_keeps_each_amount_on_one_line(world, login, national):
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext absent (paquet poppler-utils, installé par .ci/run)")
    content = login(national).get(reverse("bilan:national_pdf") + ON_31_DECEMBER).content
    lines = (
        subprocess.run(
            ["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True
        )
        .stdout.decode()
        .splitlines()
    )
    total = next(line for line in lines if line.strip().startswith("Total"))
    assert total.rstrip().endswith(" €")  # « 50 000 000,00 € », not « 50 000 000,00 » then « € »
    assert not [line for line in lines if line.strip() == "€"]
