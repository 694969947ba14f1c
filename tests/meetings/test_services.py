"""Meetings and their agenda through the services: audit log, versions, workflow, the
directory rule for speakers and presenters."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from territoires.accounts.models import Membership
from territoires.audit.models import AuditEvent
from territoires.audit.readers import history_of
from territoires.audit.render import describe
from territoires.core.errors import StaleEditError
from territoires.meetings import services
from territoires.meetings.models import Meeting, MeetingStatus, MeetingTransition
from territoires.meetings.workflow import TransitionError
from territoires.organisations.models import GovernanceRole

from ..factories import (
    ActionSheetFactory,
    GovernanceRoleFactory,
    MeetingFactory,
    OrganisationFactory,
    PersonFactory,
    TerritoryFactory,
    member,
)

pytestmark = pytest.mark.django_db

FIELDS = {
    "kind": "after_work",
    "title": "Territoires d'industrie pour le bassin d'emploi de Chaumont/Nogent et Langres",
    "date": datetime.date(2019, 9, 9),
    "start_time": datetime.time(18, 0),
    "end_time": datetime.time(20, 0),
    "venue_name": "STEF Transport",
    "venue_address": "Avenue de la Collinière, 52200 Langres",
    "visibility": "public",
}


def new_meeting(territory, user, **fields):
    return services.create_meeting(territory, acting_user=user, fields={**FIELDS, **fields})


def in_directory(territory, **person):
    person = PersonFactory(**person)
    GovernanceRoleFactory(territory=territory, person=person, role=GovernanceRole.Role.OTHER)
    return person


def test_creating_a_meeting_records_it_as_planned(territory, editor):
    host = OrganisationFactory(name="STEF Transport")
    meeting = services.create_meeting(
        territory,
        acting_user=editor,
        fields={**FIELDS, "host_organisation": host},
        co_organisers=[OrganisationFactory(name="Nogentech")],
    )
    assert (meeting.status, meeting.version, meeting.created_by) == ("planned", 1, editor)
    event = history_of(meeting).get()
    assert (event.verb, event.actor, event.territory_id) == (
        "meeting.created",
        editor,
        territory.pk,
    )
    changed = {change["field"]: change["new"] for change in event.changes}
    assert changed["venue_name"] == "STEF Transport"
    assert changed["host_organisation"]["label"] == "STEF Transport"
    assert [ref["label"] for ref in changed["co_organisers"]] == ["Nogentech"]
    assert describe(event).label == "Création de la rencontre"


@pytest.mark.parametrize("role", [Membership.Role.READER, Membership.Role.CONTRIBUTOR])
def test_only_the_territory_managers_create_meetings(territory, role):
    with pytest.raises(PermissionDenied):
        new_meeting(territory, member(territory, role))
    assert not Meeting.objects.exists()


def test_an_editor_of_another_territory_cannot_create_or_edit_here(territory):
    stranger = member(TerritoryFactory(code="5301"), Membership.Role.EDITOR)
    meeting = MeetingFactory(territory=territory)
    with pytest.raises(PermissionDenied):
        new_meeting(territory, stranger)
    with pytest.raises(PermissionDenied):
        services.update_meeting(
            meeting, acting_user=stranger, expected_version=1, fields={"title": "Piraté"}
        )
    assert Meeting.objects.get().title == meeting.title
    assert not AuditEvent.objects.exists()


def test_a_meeting_ending_before_it_starts_is_refused_in_french(territory, editor):
    with pytest.raises(ValidationError) as refused:
        new_meeting(territory, editor, end_time=datetime.time(17, 0))
    assert refused.value.message_dict["end_time"] == [
        "L'heure de fin doit suivre l'heure de début."
    ]


def test_an_update_records_old_and_new_values_and_a_stale_one_is_refused(territory, editor):
    meeting = new_meeting(territory, editor)
    meeting = services.update_meeting(
        meeting, acting_user=editor, expected_version=1, fields={"capacity": 40}
    )
    assert meeting.version == 2
    event = history_of(meeting).first()
    assert event.changes == [{"field": "capacity", "kind": "integer", "old": None, "new": 40}]
    with pytest.raises(StaleEditError):
        services.update_meeting(
            meeting, acting_user=editor, expected_version=1, fields={"capacity": 10}
        )
    assert Meeting.objects.get().capacity == 40


def test_an_update_that_changes_nothing_writes_nothing(territory, editor):
    meeting = new_meeting(territory, editor)
    same = services.update_meeting(
        meeting, acting_user=editor, expected_version=1, fields={"title": FIELDS["title"]}
    )
    assert same.version == 1
    assert history_of(meeting).count() == 1


def test_status_moves_are_recorded_with_who_when_and_why(territory, editor):
    meeting = new_meeting(territory, editor)
    held = services.change_meeting_status(
        meeting, MeetingStatus.HELD, acting_user=editor, comment="42 présents"
    )
    assert held.status == "held"
    move = MeetingTransition.objects.get()
    assert (move.from_status, move.to_status, move.by, move.comment) == (
        "planned",
        "held",
        editor,
        "42 présents",
    )
    assert history_of(meeting).first().verb == "meeting.status_changed"


def test_cancelling_needs_a_reason_and_a_held_meeting_cannot_be_cancelled(territory, editor):
    meeting = new_meeting(territory, editor)
    with pytest.raises(ValidationError) as refused:
        services.change_meeting_status(meeting, MeetingStatus.CANCELLED, acting_user=editor)
    assert "motif" in refused.value.message_dict["comment"][0]
    services.change_meeting_status(meeting, MeetingStatus.HELD, acting_user=editor)
    with pytest.raises(TransitionError) as forbidden:
        services.change_meeting_status(
            meeting, MeetingStatus.CANCELLED, acting_user=editor, comment="trop tard"
        )
    assert "« Tenue » ne peut pas passer au statut « Annulée »" in forbidden.value.message
    assert Meeting.objects.get().status == "held"
    assert MeetingTransition.objects.count() == 1


def test_a_reader_cannot_change_the_status(territory, editor, reader):
    meeting = new_meeting(territory, editor)
    with pytest.raises(PermissionDenied):
        services.change_meeting_status(meeting, MeetingStatus.HELD, acting_user=reader)
    assert Meeting.objects.get().status == "planned"


def test_the_agenda_holds_speakers_and_fiches_with_their_presenter(territory, editor):
    meeting = new_meeting(territory, editor)
    host = in_directory(territory, first_name="Arnaud", last_name="GAUTHIER")
    presenter = in_directory(territory, first_name="Jean-François", last_name="")
    f3 = ActionSheetFactory(territory=territory, code="F3", title="Mobilité")
    f1 = ActionSheetFactory(territory=territory, code="F1", title="Services aux entreprises")
    services.set_agenda(
        meeting,
        acting_user=editor,
        expected_version=1,
        items=[
            {"title": "Accueil par l'hôte", "start_time": datetime.time(18), "speakers": [host]},
            {
                "title": "Présentation des fiches actions",
                "start_time": datetime.time(18, 20),
                "duration_minutes": 100,
                "sheets": [(f3, presenter), (f1, None)],
            },
        ],
    )
    items = services.agenda(meeting)
    assert [i.title for i in items] == ["Accueil par l'hôte", "Présentation des fiches actions"]
    assert [p.full_name for p in items[0].speakers.all()] == ["Arnaud GAUTHIER"]
    assert [(p.sheet.code, p.presenter) for p in items[1].presented_sheets.all()] == [
        ("F3", presenter),
        ("F1", None),
    ]
    assert items[1].end_time == datetime.time(20, 0)
    assert meeting.version == 2
    event = history_of(meeting).first()
    assert event.verb == "meeting.agenda_changed"
    new = describe(event).changes[0].new
    assert "Accueil par l'hôte (heure : 18:00, intervenants : Arnaud GAUTHIER)" in new
    assert "fiches présentées : F3 (Jean-François), F1" in new


def test_agenda_speakers_come_from_the_directory(territory, editor):
    meeting = new_meeting(territory, editor)
    outsider = PersonFactory(first_name="Hors", last_name="Annuaire")
    with pytest.raises(ValidationError) as refused:
        services.set_agenda(
            meeting,
            acting_user=editor,
            expected_version=1,
            items=[{"title": "Accueil", "speakers": [outsider]}],
        )
    assert refused.value.message_dict["agenda"] == [
        "Point 1 : intervenants et présentateurs se choisissent dans l'annuaire du territoire."
    ]
    assert not meeting.agenda_items.exists()
    assert Meeting.objects.get().version == 1


def test_agenda_refuses_foreign_fiches_and_times_outside_the_meeting(territory, editor):
    meeting = new_meeting(territory, editor)
    foreign = ActionSheetFactory(territory=TerritoryFactory(), code="F9")
    with pytest.raises(ValidationError) as refused:
        services.set_agenda(
            meeting,
            acting_user=editor,
            expected_version=1,
            items=[
                {
                    "title": "Fiches",
                    "start_time": datetime.time(17, 30),
                    "sheets": [(foreign, None)],
                },
                {"title": "  "},
            ],
        )
    assert refused.value.message_dict["agenda"] == [
        "Point 1 : l'heure 17:30 est en dehors de la rencontre (18:00–20:00).",
        "Point 1 : la fiche F9 n'est pas une fiche du territoire.",
        "Point 2 : le titre est obligatoire.",
    ]


def test_setting_the_agenda_replaces_it_as_a_whole(territory, editor):
    meeting = new_meeting(territory, editor)
    services.set_agenda(
        meeting, acting_user=editor, expected_version=1, items=[{"title": "A"}, {"title": "B"}]
    )
    services.set_agenda(meeting, acting_user=editor, expected_version=2, items=[{"title": "C"}])
    assert [i.title for i in services.agenda(meeting)] == ["C"]


def test_territory_meetings_lists_what_the_user_may_see(territory, editor):
    public = MeetingFactory(territory=territory, title="Ouverte", visibility="public")
    MeetingFactory(territory=territory, title="Comité", visibility="restricted")
    assert list(services.territory_meetings(territory, None)) == [public]
    assert {m.title for m in services.territory_meetings(territory, editor)} == {
        "Ouverte",
        "Comité",
    }
