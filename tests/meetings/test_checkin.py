"""On the day: the sign-in sheet PDF (read back with pdftotext), the check-in page with
its search, the walk-ins."""

import re
import shutil
import subprocess

import pytest
from django.urls import reverse

from territoires.accounts.models import Membership
from territoires.audit.models import AuditEvent
from territoires.meetings import signin
from territoires.meetings.models import Registration

from ..factories import MeetingFactory, OrganisationFactory, RegistrationFactory, member

pytestmark = pytest.mark.django_db


def url(name, meeting, *extra):
    return reverse(f"meetings:{name}", args=[meeting.territory.code, meeting.pk, *extra])


def pdf_text(content):
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext absent (paquet poppler-utils, installé par .ci/run)")
    result = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True
    )
    return result.stdout.decode()


@pytest.fixture
def meeting(territory):
    meeting = MeetingFactory(territory=territory, title="After Work de Langres")
    RegistrationFactory(meeting=meeting, first_name="Zoé", last_name="Martin")
    RegistrationFactory(
        meeting=meeting,
        first_name="Élise",
        last_name="Ébrard",
        organisation=OrganisationFactory(name="Forges de Bologne"),
        job_title="Directrice",
    )
    RegistrationFactory(meeting=meeting, first_name="Luc", last_name="Dupont", is_example=True)
    RegistrationFactory(
        meeting=meeting, first_name="Annulé", last_name="Absent", status="cancelled"
    )
    RegistrationFactory(meeting=meeting, first_name="Attente", last_name="Aaron", status="waiting")
    return meeting


def test_the_sign_in_sheet_lists_the_registrants_sorted_with_their_organisation(
    client, meeting, editor
):
    client.force_login(editor)
    response = client.get(url("sign_in_sheet", meeting))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = pdf_text(response.content)
    assert "Feuille d’émargement" in text and "After Work de Langres" in text
    assert "Signature" in text
    names = [name for name in ("DUPONT Luc", "ÉBRARD Élise", "MARTIN Zoé") if name in text]
    assert names == ["DUPONT Luc", "ÉBRARD Élise", "MARTIN Zoé"]
    assert sorted(names, key=text.index) == names
    assert re.search(r"ÉBRARD Élise\s+Forges de Bologne – Directrice", text)
    assert "(exemple)" in text
    assert "Absent" not in text and "Aaron" not in text


def test_the_sign_in_sheet_has_blank_lines_for_walk_ins(meeting):
    rows = signin.sign_in_rows(meeting)
    assert [r.last_name for r in rows] == ["Dupont", "Ébrard", "Martin"]
    html = signin.loader.render_to_string(
        "meetings/sign_in_sheet.html",
        {"meeting": meeting, "rows": rows, "blank_lines": range(10), "co_organisers": []},
    )
    assert html.count("<tr>") == 1 + 3 + 10
    assert html.count('<td class="signature"></td>') == 13


@pytest.mark.parametrize("who", ["anonymous", "reader", "stranger"])
def test_only_the_organisers_get_the_sheet_and_the_check_in(client, meeting, reader, who):
    if who == "reader":
        client.force_login(reader)
    elif who == "stranger":
        client.force_login(member(MeetingFactory().territory, Membership.Role.EDITOR))
    for name in ("sign_in_sheet", "checkin"):
        response = client.get(url(name, meeting))
        assert response.status_code == (302 if who == "anonymous" else 403)
    registration = meeting.registrations.get(last_name="Martin")
    client.post(url("checkin_mark", meeting, registration.pk))
    client.post(url("checkin", meeting), {"first_name": "Intrus", "last_name": "Venu"})
    assert not Registration.objects.filter(status="attended").exists()


def test_check_in_searches_without_accents_and_marks_present(client, meeting, editor):
    client.force_login(editor)
    page = client.get(url("checkin", meeting), {"q": "ebrard forges"}).content.decode()
    assert "ÉBRARD Élise" in page and "MARTIN" not in page
    registration = meeting.registrations.get(last_name="Ébrard")
    response = client.post(url("checkin_mark", meeting, registration.pk), {"q": "ebrard"})
    assert response.status_code == 302 and response["Location"].endswith("?q=ebrard")
    registration.refresh_from_db()
    assert registration.status == "attended"
    assert AuditEvent.objects.filter(verb="meeting.attended").count() == 1
    assert "1 présent" in client.get(url("checkin", meeting)).content.decode()


def test_a_walk_in_is_added_present_in_one_form(client, meeting, editor):
    client.force_login(editor)
    response = client.post(
        url("checkin", meeting),
        {"first_name": "Paul", "last_name": "Passant", "organisation_name": "Usine du coin"},
    )
    assert response.status_code == 302
    walk_in = Registration.objects.get(last_name="Passant")
    assert (walk_in.status, walk_in.is_walk_in) == ("attended", True)
    registered = meeting.registrations.get(last_name="Martin")
    client.post(
        url("checkin", meeting),
        {"first_name": "Z", "last_name": "M", "email": registered.email.upper()},
    )
    registered.refresh_from_db()
    assert registered.status == "attended"
    assert meeting.registrations.filter(last_name="M").count() == 0
    errors = client.post(url("checkin", meeting), {"first_name": "", "last_name": ""})
    assert "Ce champ est obligatoire." in errors.content.decode()
