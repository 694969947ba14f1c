"""The compte rendu: page and PDF (read back with pdftotext), for the territory only."""

import pytest
from django.urls import reverse
from django.utils import timezone

from territoires.accounts.models import Membership
from territoires.meetings import feedback, oublis, registrations, services

from ..factories import (
    ActionSheetFactory,
    MeetingFactory,
    OrganisationFactory,
    RegistrationFactory,
    TerritoryFactory,
    member,
)
from .test_checkin import pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def held(territory, editor):
    meeting = MeetingFactory(territory=territory, date=timezone.localdate(), title="After Work")
    sheet = ActionSheetFactory(territory=territory, code="F12", title="Plate-forme RH partagée")
    secret = ActionSheetFactory(
        territory=territory, code="F4", title="ICPE", visibility="restricted"
    )
    services.set_agenda(
        meeting,
        acting_user=editor,
        expected_version=1,
        items=[{"title": "Les fiches", "sheets": [(sheet, None), (secret, None)]}],
    )
    present = RegistrationFactory(meeting=meeting, first_name="Élise", last_name="Ébrard")
    registrations.mark_attended(present, acting_user=editor)
    RegistrationFactory(meeting=meeting, first_name="Absent", last_name="Zorro")
    given = feedback.give_feedback(
        meeting,
        sheet,
        acting_user=None,
        first_name="Élise",
        last_name="Ébrard",
        email="elise@forges.example",
        organisation_name="Forges de Bologne",
        interest="ready_to_commit",
        needs=["recruitment"],
        commitments=["testimony"],
        forgotten_topic="Un groupement d'employeurs",
    )
    oublis.draft_sheet_from_oubli(
        given, acting_user=editor, axis=territory.programme.axes.first(), code="F20"
    )
    return meeting


def url(name, meeting):
    return reverse(f"meetings:{name}", args=[meeting.territory.code, meeting.pk])


def test_the_report_page_sums_up_the_meeting(client, held, reader):
    client.force_login(reader)
    body = client.get(url("report", held)).content.decode()
    assert "1 présent pour 2 inscrits" in body
    assert "ÉBRARD Élise" in body and "ZORRO" not in body
    assert "F12 Plate-forme RH partagée" in body and "F4 ICPE" in body
    assert "Forges de Bologne (Témoignage)" in body and "Recrutement : 1" in body
    assert "Un groupement d&#x27;employeurs" in body and "fiche F20" in body


def test_the_report_pdf_holds_the_names(client, held, editor):
    client.force_login(editor)
    response = client.get(url("report_pdf", held))
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "Compte rendu — After Work" in text
    assert "ÉBRARD Élise" in text and "Forges de Bologne" in text
    assert "F12 Plate-forme RH" in text  # the cell may wrap the rest of the title


def test_the_report_is_for_the_territory(client, held):
    assert client.get(url("report", held)).status_code == 302  # to the login page
    client.force_login(member(TerritoryFactory(code="5301"), Membership.Role.EDITOR))
    assert client.get(url("report", held)).status_code == 403
    assert client.get(url("report_pdf", held)).status_code == 403
    assert client.get(url("report_docx", held)).status_code == 403


def test_the_report_docx_holds_the_names(client, held, editor):
    import io

    from docx import Document

    client.force_login(editor)
    response = client.get(url("report_docx", held))
    assert response.status_code == 200
    assert "compte-rendu-" in response["Content-Disposition"]
    doc = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in doc.paragraphs)
    cells = "\n".join(c.text for t in doc.tables for row in t.rows for c in row.cells)
    assert "Compte rendu — After Work" in text and "ÉBRARD Élise — " in text
    assert "F12 Plate-forme RH partagée" in cells and "Forges de Bologne" in cells
    assert "fiche F20" in text


def test_the_report_lists_its_organisers_and_counts_in_french(client, territory, reader):
    meeting = MeetingFactory(territory=territory, date=timezone.localdate(), title="Atelier")
    meeting.co_organisers.set(
        [OrganisationFactory(name="Grand Langres"), OrganisationFactory(name="Nogentech")]
    )
    client.force_login(reader)
    body = " ".join(client.get(url("report", meeting)).content.decode().split())
    assert "Organisation : Grand Langres, Nogentech" in body
    assert "0 présent pour 0 inscrit." in body
