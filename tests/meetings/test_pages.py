"""The meeting pages: list, page with agenda, forms, status."""

import datetime
import re

import pytest
from django.urls import reverse

from territoires.audit.readers import history_of
from territoires.meetings import services
from territoires.meetings.models import Meeting
from territoires.organisations.models import GovernanceRole

from ..factories import (
    ActionSheetFactory,
    GovernanceRoleFactory,
    MeetingFactory,
    OrganisationFactory,
    PartnershipFactory,
    PersonFactory,
    RegistrationFactory,
)

pytestmark = pytest.mark.django_db


def url(name, meeting=None, territory=None):
    territory = territory or meeting.territory
    return reverse(f"meetings:{name}", args=[territory.code, *([meeting.pk] if meeting else [])])


def test_the_list_shows_public_meetings_to_visitors_and_all_to_members(
    client, territory, reader, editor
):
    MeetingFactory(territory=territory, title="After Work de Langres")
    MeetingFactory(territory=territory, title="Comité de projet", visibility="restricted")
    body = client.get(url("list", territory=territory)).content.decode()
    assert "After Work de Langres" in body and "Comité de projet" not in body
    assert "Nouvelle rencontre" not in body
    client.force_login(reader)
    assert "Comité de projet" in client.get(url("list", territory=territory)).content.decode()
    client.force_login(editor)
    assert "Nouvelle rencontre" in client.get(url("list", territory=territory)).content.decode()


def test_the_public_page_shows_the_agenda_without_restricted_fiches(client, territory, editor):
    meeting = MeetingFactory(territory=territory, capacity=50)
    host = PersonFactory(first_name="Arnaud", last_name="GAUTHIER")
    GovernanceRoleFactory(territory=territory, person=host, role=GovernanceRole.Role.OTHER)
    public = ActionSheetFactory(territory=territory, code="F2.1", title="Offre foncière")
    secret = ActionSheetFactory(
        territory=territory, code="F4", title="Instruction ICPE", visibility="restricted"
    )
    services.set_agenda(
        meeting,
        acting_user=editor,
        expected_version=1,
        items=[
            {"title": "Accueil par l'hôte", "start_time": datetime.time(18), "speakers": [host]},
            {"title": "Les fiches", "sheets": [(public, host), (secret, None)]},
        ],
    )
    RegistrationFactory(meeting=meeting, last_name="Inscrite", email="inscrite@usine.example")
    response = client.get(url("detail", meeting))
    body = response.content.decode()
    assert response.status_code == 200
    assert "18h00 : Accueil par l&#x27;hôte" in body
    assert "Arnaud GAUTHIER" in body
    assert "F2.1 Offre foncière" in body
    assert "Instruction ICPE" not in body
    assert "49 places restantes sur 50" in body
    assert "inscrite@usine.example" not in body
    client.force_login(editor)
    body = client.get(url("detail", meeting)).content.decode()
    assert "Instruction ICPE" in body and "inscrite@usine.example" in body


def test_a_territory_meeting_is_not_found_by_visitors(client, territory):
    meeting = MeetingFactory(territory=territory, visibility="restricted", title="Comité secret")
    for name in ("detail", "ics", "edit"):
        response = client.get(url(name, meeting))
        assert response.status_code == 404
        assert "Comité secret" not in response.content.decode()


def test_an_editor_creates_a_meeting_through_the_form(client, territory, editor):
    stef = OrganisationFactory(name="STEF Transport")
    PartnershipFactory(territory=territory, organisation=stef)
    client.force_login(editor)
    page = client.get(url("create", territory=territory)).content.decode()
    assert "STEF Transport" in page
    response = client.post(
        url("create", territory=territory),
        {
            "kind": "after_work",
            "title": "After Work Territoires d'industrie",
            "date": "2019-09-09",
            "start_time": "18:00",
            "end_time": "20:00",
            "venue_name": "STEF Transport",
            "venue_address": "Avenue de la Collinière, 52200 Langres",
            "host_organisation": stef.pk,
            "visibility": "public",
            "capacity": "80",
            "invitation_text": "",
        },
    )
    meeting = Meeting.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("detail", meeting)
    assert (meeting.host_organisation, meeting.capacity, meeting.created_by) == (stef, 80, editor)
    assert history_of(meeting).get().verb == "meeting.created"


def test_the_form_shows_french_errors_and_writes_nothing(client, territory, editor):
    client.force_login(editor)
    response = client.post(
        url("create", territory=territory),
        {
            "kind": "atelier?",
            "title": "",
            "date": "09/09/2019",
            "start_time": "20:00",
            "end_time": "18:00",
            "visibility": "public",
        },
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Ce champ est obligatoire." in body
    assert "Sélectionnez un choix valide" in body
    assert not Meeting.objects.exists()


def test_readers_cannot_open_the_forms(client, territory, reader):
    meeting = MeetingFactory(territory=territory)
    client.force_login(reader)
    assert client.get(url("create", territory=territory)).status_code == 403
    assert client.get(url("edit", meeting)).status_code == 403
    response = client.post(url("status", meeting), {"target": "held", "version": 1})
    assert response.status_code == 403
    assert Meeting.objects.get().status == "planned"


def test_an_edit_on_an_older_version_is_refused_and_keeps_the_input(client, territory, editor):
    meeting = MeetingFactory(territory=territory)
    services.update_meeting(meeting, acting_user=editor, expected_version=1, fields={"capacity": 5})
    client.force_login(editor)
    data = {
        "kind": "after_work",
        "title": "Titre retouché",
        "date": "2019-09-09",
        "start_time": "18:00",
        "end_time": "20:00",
        "visibility": "public",
        "version": 1,
    }
    response = client.post(url("edit", meeting), data)
    body = response.content.decode()
    assert response.status_code == 200
    assert "modifiée entre-temps (version 2)" in body and "Titre retouché" in body
    assert Meeting.objects.get().title == meeting.title


def test_cancelling_from_the_page_needs_a_reason(client, territory, editor):
    meeting = MeetingFactory(territory=territory)
    client.force_login(editor)
    refused = client.post(url("status", meeting), {"target": "cancelled", "version": 1})
    assert refused.status_code == 400
    assert "Annuler la rencontre : indiquez le motif." in refused.content.decode()
    done = client.post(
        url("status", meeting), {"target": "cancelled", "version": 1, "comment": "Grève"}
    )
    assert done.status_code == 302
    body = client.get(url("detail", meeting)).content.decode()
    assert "Annulée" in body and "Prévue → Annulée" in body and "Grève" in body


def test_the_status_form_preselects_no_move_and_refuses_an_empty_choice(client, territory, editor):
    meeting = MeetingFactory(territory=territory)
    client.force_login(editor)
    html = client.get(url("detail", meeting)).content.decode()
    select = re.search(r'<select name="target".*?</select>', html, re.S).group(0)
    assert '<option value="" selected disabled hidden>Choisir un changement de statut</option>' in (
        select
    )
    assert select.count(" selected") == 1
    refused = client.post(url("status", meeting), {"target": "", "version": 1})
    assert refused.status_code == 400
    assert "Choisissez le nouveau statut de la rencontre." in refused.content.decode()
    assert Meeting.objects.get(pk=meeting.pk).status == meeting.status
