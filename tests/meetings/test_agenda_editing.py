"""Editing a meeting's agenda in the pages: add, edit, move up and down, remove, through
the services (audit-logged, stale edits refused), without any script."""

import datetime

import pytest
from django.urls import reverse

from territoires.audit.readers import history_of
from territoires.audit.render import describe
from territoires.core.errors import StaleEditError
from territoires.meetings import services
from territoires.meetings.models import AgendaItem, PresentedSheet
from territoires.organisations.models import GovernanceRole

from ..factories import ActionSheetFactory, GovernanceRoleFactory, MeetingFactory, PersonFactory

pytestmark = pytest.mark.django_db


def url(name, meeting, *extra):
    return reverse(f"meetings:{name}", args=[meeting.territory.code, meeting.pk, *extra])


def titles(meeting):
    return list(meeting.agenda_items.order_by("position", "id").values_list("title", flat=True))


def directory_person(territory, first_name, last_name):
    person = PersonFactory(first_name=first_name, last_name=last_name)
    GovernanceRoleFactory(territory=territory, person=person, role=GovernanceRole.Role.OTHER)
    return person


@pytest.fixture
def meeting(territory, editor):
    meeting = MeetingFactory(territory=territory)
    services.set_agenda(
        meeting,
        acting_user=editor,
        expected_version=1,
        items=[{"title": "Accueil"}, {"title": "Introduction"}, {"title": "Les fiches"}],
    )
    return meeting


def item_form(version, **fields):
    data = {
        "title": "",
        "start_time": "",
        "duration_minutes": "",
        "version": version,
        "fiches-TOTAL_FORMS": "2",
        "fiches-INITIAL_FORMS": "0",
        "fiches-MIN_NUM_FORMS": "0",
        "fiches-MAX_NUM_FORMS": "40",
        "fiches-0-sheet": "",
        "fiches-0-presenter": "",
        "fiches-1-sheet": "",
        "fiches-1-presenter": "",
    }
    data.update(fields)
    return data


def test_an_organiser_adds_an_item_with_speakers_and_a_presented_fiche(
    client, territory, editor, meeting
):
    host = directory_person(territory, "Arnaud", "GAUTHIER")
    sheet = ActionSheetFactory(territory=territory, code="F2.1", title="Offre foncière")
    client.force_login(editor)
    page = client.get(url("agenda_add", meeting)).content.decode()
    assert "Arnaud GAUTHIER" in page and "F2.1 Offre foncière" in page
    response = client.post(
        url("agenda_add", meeting),
        item_form(
            meeting.version,
            title="Clôture",
            start_time="19:45",
            duration_minutes="15",
            speakers=[host.pk],
            **{"fiches-0-sheet": sheet.pk, "fiches-0-presenter": host.pk},
        ),
    )
    assert response.status_code == 302
    assert titles(meeting) == ["Accueil", "Introduction", "Les fiches", "Clôture"]
    item = meeting.agenda_items.get(title="Clôture")
    assert item.start_time == datetime.time(19, 45) and item.duration_minutes == 15
    assert list(item.speakers.all()) == [host]
    assert list(item.presented_sheets.values_list("sheet__code", "presenter__last_name")) == [
        ("F2.1", "GAUTHIER")
    ]
    event = history_of(meeting).first()
    assert event.verb == "meeting.agenda_changed" and event.actor == editor
    (change,) = describe(event).changes  # as the histories and Mon espace write it
    assert "Clôture (heure : 19:45, durée en minutes : 15," in change.new
    body = client.get(url("agenda", meeting)).content.decode()
    assert "19h45–20h00" in body and "F2.1 (Arnaud GAUTHIER)" in body


def test_an_item_outside_the_meeting_hours_or_with_a_stranger_is_refused_in_french(
    client, territory, editor, meeting
):
    stranger = PersonFactory(first_name="Hors", last_name="Annuaire")
    client.force_login(editor)
    response = client.post(
        url("agenda_add", meeting), item_form(meeting.version, title="Tard", start_time="21:00")
    )
    assert response.status_code == 200
    assert "en dehors de la rencontre" in response.content.decode()
    response = client.post(
        url("agenda_add", meeting),
        item_form(meeting.version, title="Invité", speakers=[stranger.pk]),
    )
    assert response.status_code == 200  # not offered: the form refuses the choice
    assert titles(meeting) == ["Accueil", "Introduction", "Les fiches"]


def test_an_organiser_edits_an_item_and_keeps_its_other_fields(client, territory, editor, meeting):
    item = meeting.agenda_items.get(title="Introduction")
    client.force_login(editor)
    page = client.get(url("agenda_item", meeting, item.pk)).content.decode()
    assert 'value="Introduction"' in page
    response = client.post(
        url("agenda_item", meeting, item.pk),
        item_form(meeting.version, title="Introduction par les élus", start_time="18:10"),
    )
    assert response.status_code == 302
    assert titles(meeting) == ["Accueil", "Introduction par les élus", "Les fiches"]
    assert history_of(meeting).first().verb == "meeting.agenda_changed"


def test_items_move_up_and_down_with_plain_buttons(client, editor, meeting):
    client.force_login(editor)
    last = meeting.agenda_items.get(title="Les fiches")
    page = client.get(url("agenda", meeting)).content.decode()
    assert page.count(">Monter<") == 2 and page.count(">Descendre<") == 2
    meeting.refresh_from_db()
    response = client.post(
        url("agenda_move", meeting, last.pk), {"direction": "up", "version": meeting.version}
    )
    assert response.status_code == 302
    assert titles(meeting) == ["Accueil", "Les fiches", "Introduction"]
    meeting.refresh_from_db()
    first = meeting.agenda_items.get(title="Accueil")
    up = {"direction": "up", "version": meeting.version}
    client.post(url("agenda_move", meeting, first.pk), up)
    assert titles(meeting) == ["Accueil", "Les fiches", "Introduction"]  # already first


def test_a_stale_move_or_removal_is_refused_and_writes_nothing(client, editor, meeting):
    client.force_login(editor)
    old_version = meeting.version
    item = meeting.agenda_items.get(title="Accueil")
    services.update_meeting(
        meeting, acting_user=editor, expected_version=old_version, fields={"capacity": 30}
    )
    response = client.post(
        url("agenda_move", meeting, item.pk),
        {"direction": "down", "version": old_version},
        follow=True,
    )
    assert "modifié entre-temps" in response.content.decode()
    response = client.post(url("agenda_remove", meeting, item.pk), {"version": old_version})
    assert titles(meeting) == ["Accueil", "Introduction", "Les fiches"]
    with pytest.raises(StaleEditError):
        services.remove_agenda_item(item, acting_user=editor, expected_version=old_version)


def test_a_stale_item_edit_shows_a_warning_and_keeps_the_input(client, editor, meeting):
    client.force_login(editor)
    item = meeting.agenda_items.get(title="Accueil")
    old_version = meeting.version
    services.move_agenda_item(item, acting_user=editor, expected_version=old_version, offset=1)
    response = client.post(
        url("agenda_item", meeting, item.pk), item_form(old_version, title="Accueil modifié")
    )
    assert response.status_code == 409
    body = response.content.decode()
    assert "a été modifié pendant que vous le modifiiez" in body and "Accueil modifié" in body
    assert "Accueil modifié" not in titles(meeting)


def test_removing_an_item_renumbers_the_others_and_is_logged(client, territory, editor, meeting):
    sheet = ActionSheetFactory(territory=territory, code="F1")
    item = meeting.agenda_items.get(title="Introduction")
    PresentedSheet.objects.create(item=item, sheet=sheet)
    client.force_login(editor)
    meeting.refresh_from_db()
    response = client.post(url("agenda_remove", meeting, item.pk), {"version": meeting.version})
    assert response.status_code == 302
    assert titles(meeting) == ["Accueil", "Les fiches"]
    assert list(meeting.agenda_items.order_by("position").values_list("position", flat=True)) == [
        0,
        1,
    ]
    assert not PresentedSheet.objects.filter(sheet=sheet).exists()
    event = history_of(meeting).first()
    assert event.verb == "meeting.agenda_changed"


def test_a_reader_cannot_edit_the_agenda_and_bad_input_is_a_400(client, reader, editor, meeting):
    item = meeting.agenda_items.first()
    client.force_login(reader)
    assert client.get(url("agenda", meeting)).status_code == 403
    assert client.post(url("agenda_remove", meeting, item.pk), {"version": 1}).status_code == 403
    client.force_login(editor)
    assert client.post(url("agenda_move", meeting, item.pk), {"direction": "x"}).status_code == 400
    assert client.post(url("agenda_remove", meeting, item.pk), {"version": "a"}).status_code == 400
    assert client.post(url("agenda_remove", meeting, 999999), {"version": 1}).status_code == 404
    assert AgendaItem.objects.filter(meeting=meeting).count() == 3
