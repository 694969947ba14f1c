"""The invitations page lists the contacts who may be invited a page at a time, searched
by name or organisation, in a fixed number of queries; the ticked contacts of the page are
invited, a saved list whole, whatever the page."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from territoires.meetings.models import Invitation
from territoires.organisations.models import ContactList
from territoires.pages.meetings.invitation_views import CONTACTS_PER_PAGE

from ...factories import MeetingFactory
from ...meetings.test_invitations import consenting

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(territory):
    return MeetingFactory(
        territory=territory, date=timezone.localdate() + datetime.timedelta(days=10)
    )


def url(meeting, query=""):
    return reverse("meetings:invitations", args=[meeting.territory.code, meeting.pk]) + query


def many(territory, editor, count, prefix="Contact"):
    return [consenting(territory, editor, f"{prefix}{n:03d}") for n in range(count)]


def shown(body):
    return body.count('name="contacts"')


def test_the_contacts_to_invite_come_a_page_at_a_time(login, territory, editor, meeting):
    many(territory, editor, CONTACTS_PER_PAGE + 5)
    client = login(editor)
    first = client.get(url(meeting)).content.decode()
    assert shown(first) == CONTACTS_PER_PAGE
    assert f"{CONTACTS_PER_PAGE + 5} contacts à inviter" in first
    assert "Contact000" in first and "Contact054" not in first
    second = client.get(url(meeting, "?page=2")).content.decode()
    assert shown(second) == 5
    assert "Contact054" in second and "Contact000" not in second


def test_the_contacts_are_searched_by_name_or_organisation(login, territory, editor, meeting):
    many(territory, editor, 3)
    consenting(territory, editor, "Dufour")
    body = login(editor).get(url(meeting, "?q=usine dufour")).content.decode()
    assert shown(body) == 1 and "Dufour" in body
    assert "1 contact à inviter pour « usine dufour »" in body


def test_the_ticked_contacts_of_a_later_page_are_invited(login, territory, editor, meeting):
    people = many(territory, editor, CONTACTS_PER_PAGE + 2)
    chosen = people[-1]
    response = login(editor).post(url(meeting, "?page=2"), {"contacts": [chosen.pk]})
    assert response.status_code == 302
    assert response["Location"].endswith("?page=2")
    assert list(Invitation.objects.values_list("email", flat=True)) == [chosen.person.email]


def test_a_saved_list_is_invited_whole_beyond_the_page(login, territory, editor, meeting):
    many(territory, editor, CONTACTS_PER_PAGE + 2)
    saved = ContactList.objects.create(
        territory=territory, name="Toutes", with_consent="invitations"
    )
    response = login(editor).post(url(meeting), {"contact_list": saved.pk})
    assert response.status_code == 302
    assert Invitation.objects.count() == CONTACTS_PER_PAGE + 2


def test_a_contact_that_may_no_longer_be_invited_is_refused_and_nothing_sent(
    login, territory, editor, meeting
):
    ada = consenting(territory, editor, "Ada")
    refus = consenting(territory, editor, "Refus", given=False)
    response = login(editor).post(url(meeting), {"contacts": [ada.pk, refus.pk]})
    assert response.status_code == 400
    assert "ne peut plus être invité" in response.content.decode()
    assert not Invitation.objects.exists()
    response = login(editor).post(url(meeting), {"contacts": ["abc"]})
    assert response.status_code == 400
    assert not Invitation.objects.exists()


def count(client, address):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(address).status_code == 200
    return len(queries)


def test_the_page_costs_the_same_whatever_the_number_of_contacts(login, territory, editor, meeting):
    client = login(editor)
    many(territory, editor, 3, "A")
    few = count(client, url(meeting))
    many(territory, editor, CONTACTS_PER_PAGE + 10, "B")
    assert count(client, url(meeting)) == few
    assert count(client, url(meeting, "?page=2&q=b")) == few


def test_the_invited_come_a_page_at_a_time_beside_the_contacts_page(
    login, territory, editor, meeting
):
    from territoires.meetings import invitations
    from territoires.pages.meetings.invitation_views import INVITED_PER_PAGE

    people = many(territory, editor, INVITED_PER_PAGE + 3)
    invitations.invite(meeting, people, acting_user=editor)
    client = login(editor)
    first = client.get(url(meeting)).content.decode()
    assert first.count('<th scope="row">Contact') == INVITED_PER_PAGE
    assert "?invites=2" in first
    second = client.get(url(meeting, "?invites=2&q=x")).content.decode()
    assert second.count('<th scope="row">Contact') == 3
    assert 'value="x"' in second  # the search of the contacts kept
