"""Meetings in the matrix, through their services (the pages and the API come with their
own capabilities): every actor × a public and a territory meeting in each of the three
territories. Seeing follows the meeting's visibility and READS_RESTRICTED; every write
(edit, agenda, status, check-in) follows MANAGES_MEETINGS, and a refused write leaves the
database untouched."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from territoires.meetings import registrations, services
from territoires.meetings.models import Meeting, MeetingStatus, Registration
from territoires.permissions import policy_for

from ..factories import MeetingFactory, RegistrationFactory
from .rules import ACTORS, MANAGES_MEETINGS, PUBLIC, READS_RESTRICTED, RESTRICTED, TARGETS
from .world import World, db_state

pytestmark = pytest.mark.django_db
MEETING_KINDS = (PUBLIC, RESTRICTED)


def meeting_title(target, kind):
    return f"Rencontre {kind} {target}"


def build(world):
    meetings = {}
    for target in TARGETS:
        for kind in MEETING_KINDS:
            meetings[target, kind] = MeetingFactory(
                territory=world.territory(target),
                title=meeting_title(target, kind),
                visibility="public" if kind == PUBLIC else "restricted",
                date=datetime.date(2019, 9, 9),
            )
            RegistrationFactory(meeting=meetings[target, kind])
    return meetings


def sees(actor, target, kind):
    return kind == PUBLIC or target in READS_RESTRICTED[actor]


WRITES = {
    "update": lambda m, u: services.update_meeting(
        m, acting_user=u, expected_version=m.version, fields={"title": "Nouveau titre"}
    ),
    "agenda": lambda m, u: services.set_agenda(
        m, acting_user=u, expected_version=m.version, items=[{"title": "Accueil"}]
    ),
    "status": lambda m, u: services.change_meeting_status(m, MeetingStatus.HELD, acting_user=u),
    "check_in": lambda m, u: registrations.mark_attended(m.registrations.get(), acting_user=u),
}
HAPPENED = {
    "update": lambda m: m.title == "Nouveau titre",
    "agenda": lambda m: m.agenda_items.filter(title="Accueil").exists(),
    "status": lambda m: m.status == MeetingStatus.HELD,
    "check_in": lambda m: m.registrations.get().status == "attended",
}


@pytest.mark.parametrize("actor", ACTORS)
def test_meeting_visibility(actor):
    world = World()
    meetings = build(world)
    user = world.user(actor)
    policy = policy_for(user)
    problems = []
    for target in TARGETS:
        listed = {m.title for m in services.territory_meetings(world.territory(target), user)}
        for kind in MEETING_KINDS:
            meeting = meetings[target, kind]
            wanted = sees(actor, target, kind)
            if policy.can_view_meeting(meeting) != wanted:
                problems.append(f"{actor}-{target}-{kind}: can_view_meeting should be {wanted}")
            if (meeting.title in listed) != wanted:
                problems.append(f"{actor}-{target}-{kind}: listed should be {wanted}")
            if policy.can_see_registrations(meeting) != (target in READS_RESTRICTED[actor]):
                problems.append(f"{actor}-{target}-{kind}: registrations")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("write", sorted(WRITES))
@pytest.mark.parametrize("actor", ACTORS)
def test_meeting_writes(actor, write):
    world = World()
    meetings = build(world)
    user = world.user(actor)
    problems = []
    for (target, kind), meeting in meetings.items():
        allowed = target in MANAGES_MEETINGS[actor]
        before = db_state()
        try:
            WRITES[write](Meeting.objects.get(pk=meeting.pk), user)
        except PermissionDenied:
            if allowed:
                problems.append(f"{actor}-{target}-{kind}-{write}: refused")
            elif db_state() != before:
                problems.append(f"{actor}-{target}-{kind}-{write}: refused but written")
            continue
        if not allowed:
            problems.append(f"{actor}-{target}-{kind}-{write}: allowed")
        elif not HAPPENED[write](Meeting.objects.get(pk=meeting.pk)):
            problems.append(f"{actor}-{target}-{kind}-{write}: did not happen")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("actor", ACTORS)
def test_registering_follows_what_the_actor_sees(actor):
    world = World()
    meetings = build(world)
    user = world.user(actor)
    problems = []
    for (target, kind), meeting in meetings.items():
        try:
            registrations.register(
                meeting, acting_user=user, first_name="A", last_name="B", email="a.b@example.org"
            )
            done = True
        except PermissionDenied:
            done = False
        if done != sees(actor, target, kind):
            problems.append(f"{actor}-{target}-{kind}: registered={done}")
    assert not problems, "\n".join(problems)
    assert Registration.objects.filter(email="a.b@example.org").count() == sum(
        sees(actor, t, k) for t in TARGETS for k in MEETING_KINDS
    )
