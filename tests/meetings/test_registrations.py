"""Registrations: seats, waiting list and promotion, tokens, attendance."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from territoires.audit.models import AuditEvent
from territoires.meetings import registrations
from territoires.meetings.models import Registration

from ..factories import MeetingFactory

pytestmark = pytest.mark.django_db


def sign_up(meeting, n, user=None, **extra):
    return registrations.register(
        meeting,
        acting_user=user,
        first_name="Claude",
        last_name=f"Industriel{n}",
        email=f"claude{n}@usine.example",
        organisation_name="Usine d'exemple",
        **extra,
    )


def test_registrations_take_seats_then_go_to_the_waiting_list(territory):
    meeting = MeetingFactory(territory=territory, capacity=2)
    statuses = [sign_up(meeting, n)[0].status for n in range(4)]
    assert statuses == ["registered", "registered", "waiting", "waiting"]
    assert registrations.seats_taken(meeting) == 2
    event = AuditEvent.objects.filter(verb="meeting.registered").first()
    assert event.actor is None and event.territory_id == territory.pk
    assert event.data["meeting"] == meeting.pk


def test_a_meeting_without_capacity_takes_everybody(territory):
    meeting = MeetingFactory(territory=territory, capacity=None)
    assert {sign_up(meeting, n)[0].status for n in range(5)} == {"registered"}


def test_the_same_address_registers_once_whatever_its_case(territory):
    meeting = MeetingFactory(territory=territory)
    first, created = sign_up(meeting, 1)
    again, created_again = registrations.register(
        meeting, acting_user=None, first_name="C", last_name="I", email=" CLAUDE1@Usine.example "
    )
    assert (created, created_again, again) == (True, False, first)
    assert Registration.objects.count() == 1


def test_cancelling_by_token_promotes_the_first_person_waiting(territory):
    meeting = MeetingFactory(territory=territory, capacity=1)
    seated, _ = sign_up(meeting, 1)
    first_waiting, _ = sign_up(meeting, 2)
    sign_up(meeting, 3)
    promoted = registrations.cancel_registration(seated, acting_user=None, token=seated.token)
    assert promoted == first_waiting
    statuses = dict(Registration.objects.values_list("last_name", "status"))
    assert statuses == {
        "Industriel1": "cancelled",
        "Industriel2": "registered",
        "Industriel3": "waiting",
    }
    assert AuditEvent.objects.filter(verb="meeting.registration_promoted").count() == 1


def test_a_forged_token_cancels_nothing(territory):
    meeting = MeetingFactory(territory=territory)
    registration, _ = sign_up(meeting, 1)
    with pytest.raises(PermissionDenied):
        registrations.cancel_registration(registration, acting_user=None, token="forgé")
    assert Registration.objects.get().status == "registered"


def test_a_manager_cancels_and_checks_in_but_a_reader_does_not(territory, editor, reader):
    meeting = MeetingFactory(territory=territory)
    one, _ = sign_up(meeting, 1)
    two, _ = sign_up(meeting, 2)
    with pytest.raises(PermissionDenied):
        registrations.mark_attended(one, acting_user=reader)
    with pytest.raises(PermissionDenied):
        registrations.cancel_registration(one, acting_user=reader)
    assert registrations.mark_attended(one, acting_user=editor).status == "attended"
    registrations.cancel_registration(two, acting_user=editor)
    assert dict(Registration.objects.values_list("last_name", "status")) == {
        "Industriel1": "attended",
        "Industriel2": "cancelled",
    }
    with pytest.raises(ValidationError):
        registrations.cancel_registration(one, acting_user=editor)


def test_registration_is_closed_once_the_meeting_is_cancelled(territory):
    meeting = MeetingFactory(territory=territory, status="cancelled")
    with pytest.raises(ValidationError) as refused:
        sign_up(meeting, 1)
    assert refused.value.messages == [
        "Les inscriptions sont fermées : la rencontre est « annulée »."
    ]


def test_a_territory_meeting_takes_no_registration_from_outside(territory, reader):
    meeting = MeetingFactory(territory=territory, visibility="restricted")
    with pytest.raises(PermissionDenied):
        sign_up(meeting, 1)
    assert sign_up(meeting, 2, user=reader)[0].status == "registered"


def test_an_invalid_siret_or_email_is_refused_in_french(territory):
    meeting = MeetingFactory(territory=territory)
    with pytest.raises(ValidationError) as refused:
        sign_up(meeting, 1, siret="123 456 789 00012")
    assert "SIRET invalide" in refused.value.message_dict["siret"][0]
    with pytest.raises(ValidationError) as refused:
        registrations.register(
            meeting, acting_user=None, first_name="A", last_name="B", email="pas-une-adresse"
        )
    assert refused.value.message_dict["email"] == ["Saisissez une adresse de courriel valide."]
    assert not Registration.objects.exists()
