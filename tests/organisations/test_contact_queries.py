"""The exact SQL of the contacts' list and of a meeting's invitations page (snapshots in
snapshots/; `pytest --snapshot-update` after an intended change), and counts that do not
grow with the number of contacts or invitations."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from territoires.meetings import invitations
from territoires.organisations import contacts
from territoires.organisations.models import ContactList

from ..factories import MeetingFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def build(territory, editor, size, prefix):
    """`size` contacts with a company, two tags and a consent; a meeting where half of
    them are invited."""
    ContactList.objects.create(territory=territory, name=f"Liste {prefix}", naf_section="C")
    meeting = MeetingFactory(
        territory=territory, date=timezone.localdate() + datetime.timedelta(days=7)
    )
    chosen = []
    for n in range(size):
        organisation = OrganisationFactory(name=f"Usine {prefix}{n}", naf_code="25.62B")
        contact, _ = contacts.save_contact(
            territory,
            acting_user=editor,
            last_name=f"Contact{prefix}{n}",
            email=f"c{n}@{prefix.lower()}.example",
            organisation_name=organisation.name,
        )
        contacts.set_tags(contact, [f"tag{n}", "commun"], acting_user=editor)
        contacts.record_consent(
            contact,
            acting_user=editor,
            purpose="invitations",
            given=True,
            on=datetime.date(2026, 1, 5),
            source="form",
        )
        chosen.append(contact)
    invitations.invite(meeting, chosen[: size // 2], acting_user=editor)
    return meeting


def count(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_contact_list_queries(sql_snapshot, login, territory, editor):
    build(territory, editor, 3, "A")
    client = login(editor)
    with sql_snapshot():
        assert client.get(reverse("contacts:index", args=[territory.code])).status_code == 200


def test_invitations_page_queries(sql_snapshot, login, territory, editor):
    meeting = build(territory, editor, 4, "A")
    client = login(editor)
    url = reverse("meetings:invitations", args=[territory.code, meeting.pk])
    with sql_snapshot():
        assert client.get(url).status_code == 200


def test_the_pages_cost_the_same_whatever_the_number_of_contacts(
    login, territory, editor, other_territory
):
    from territoires.accounts.models import Membership

    from ..factories import member

    other_editor = member(other_territory, Membership.Role.EDITOR)
    small = build(territory, editor, 2, "A")
    large = build(other_territory, other_editor, 12, "B")
    sizes = []
    for user, meeting in ((editor, small), (other_editor, large)):
        client = login(user)
        code = meeting.territory.code
        sizes.append(
            (
                count(client, reverse("contacts:index", args=[code])),
                count(client, reverse("meetings:invitations", args=[code, meeting.pk])),
            )
        )
    assert sizes[0] == sizes[1]
