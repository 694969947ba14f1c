"""The demo's two After Works: the article's dates, places, agenda and people; invented
registrants marked as examples; the 9 September .ics; a second load changes nothing."""

import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.core.management import call_command
from django.urls import reverse

from territoires.accounts.models import User
from territoires.audit.models import AuditEvent
from territoires.meetings.models import Meeting, MeetingTransition, Registration
from territoires.meetings.services import agenda
from territoires.organisations.contacts import list_members
from territoires.organisations.models import Consent, Contact, ContactList

pytestmark = pytest.mark.django_db
ARTICLE_ORDER = ["F2.0", "F2.1", "F2.2", "F13", "F10", "F3", "F1", "F8", "F9", "F12", "F11"]
ARTICLE_ORDER += ["F6", "F4", "F5", "F7"]


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=StringIO())


def langres():
    return Meeting.objects.get(territory__code="4403", date=datetime.date(2019, 9, 9))


def test_both_after_works_are_in_the_demo_as_held(demo):
    meetings = list(
        Meeting.objects.filter(territory__code="4403", is_example=False).order_by("date")
    )
    assert [(m.date, m.venue_name, m.status, m.kind) for m in meetings] == [
        (datetime.date(2019, 7, 15), "Nogent", "held", "after_work"),
        (datetime.date(2019, 9, 9), "STEF Transport", "held", "after_work"),
    ]
    meeting = meetings[1]
    assert (meeting.start_time, meeting.end_time) == (datetime.time(18), datetime.time(20))
    assert meeting.venue_address.startswith("Avenue de la Collinière, Langres")
    assert meeting.host_organisation.name == "STEF Transport Langres"
    assert sorted(o.name for o in meeting.co_organisers.all()) == [
        "Agglomération de Chaumont",
        "Grand Langres",
        "Nogentech",
    ]
    move = MeetingTransition.objects.get(meeting=meeting)
    assert move.at == datetime.datetime(2019, 9, 9, 20, tzinfo=ZoneInfo("Europe/Paris"))
    assert meeting.created_at < move.at


def test_the_9_september_agenda_is_the_article_s(demo):
    items = agenda(langres())
    speakers = [[p.full_name for p in item.speakers.all()] for item in items]
    assert speakers == [
        ["Arnaud Gauthier"],
        ["Delphine Descorne-Jeanny", "Christine Guillemy"],
        ["Jean-Joseph Philippon"],
        [],
        ["Marie-José Ruel"],
    ]
    assert items[0].start_time == datetime.time(18, 0)
    fiches = items[3]
    assert (fiches.start_time, fiches.end_time) == (datetime.time(18, 20), datetime.time(20, 0))
    presented = list(fiches.presented_sheets.all())
    assert [p.sheet.code for p in presented] == ARTICLE_ORDER
    assert {p.sheet.code: p.presenter.full_name for p in presented if p.presenter} == {
        "F3": "Jean-François"
    }
    assert "prochaines échéances" in items[4].title


def test_invented_registrants_are_examples_and_shown_as_such(demo, client):
    assert Registration.objects.count() == 3
    assert set(Registration.objects.values_list("is_example", flat=True)) == {True}
    assert set(Registration.objects.values_list("meeting", flat=True)) == {langres().pk}
    client.force_login(User.objects.get(email="editeur@demo.territoires-industrie.fr"))
    body = client.get(reverse("meetings:detail", args=["4403", langres().pk])).content.decode()
    assert body.count(">Exemple</span>") == 3


def test_the_9_september_ics_has_its_paris_start_and_the_langres_address(demo, client):
    response = client.get(reverse("meetings:ics", args=["4403", langres().pk]))
    (event,) = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    start = event.decoded("dtstart")
    assert start == datetime.datetime(2019, 9, 9, 18, tzinfo=ZoneInfo("Europe/Paris"))
    assert str(start.tzinfo) == "Europe/Paris"
    assert "Avenue de la Collinière, Langres" in str(event["location"])


def test_loading_the_demo_again_changes_no_meeting(demo):
    before = (Meeting.objects.count(), Registration.objects.count(), AuditEvent.objects.count())
    call_command("load_demo", stdout=StringIO())
    after = (Meeting.objects.count(), Registration.objects.count(), AuditEvent.objects.count())
    assert before == after == (3, 3, before[2])


def test_the_meeting_still_to_come_is_an_example_open_for_registration(demo):
    (meeting,) = Meeting.objects.filter(territory__code="4403", is_example=True)
    assert (meeting.status, meeting.visibility, meeting.kind) == ("planned", "public", "workshop")
    assert meeting.title.startswith("Atelier d'exemple")
    codes = [p.sheet.code for item in agenda(meeting) for p in item.presented_sheets.all()]
    assert codes == ["F8", "F9", "F12"]


def test_the_example_registrants_are_contacts_with_consent_in_a_saved_list(demo, client):
    call_command("load_demo", stdout=StringIO())  # a second load changes nothing
    territory_contacts = Contact.objects.filter(territory__code="4403")
    assert sorted(territory_contacts.values_list("person__email", flat=True)) == [
        "alix.exemple@example.org",
        "noe.exemple@example.org",
        "sacha.exemple@example.org",
    ]
    assert set(territory_contacts.values_list("person__is_example", flat=True)) == {True}
    assert Consent.objects.filter(contact__in=territory_contacts, given=True).count() == 3
    saved = ContactList.objects.get(territory__code="4403")
    assert saved.name == "Industriels de l'After Work (exemple)"
    assert len(list_members(saved)) == 3
    client.force_login(User.objects.get(email="editeur@demo.territoires-industrie.fr"))
    body = client.get(reverse("contacts:index", args=["4403"])).content.decode()
    assert "Alix Exemple" in body and "Entreprise d&#x27;exemple A" in body


def test_the_9_september_registrants_were_there_in_its_compte_rendu(demo, client):
    assert set(langres().registrations.values_list("status", flat=True)) == {"attended"}
    checked_in = AuditEvent.objects.filter(verb="meeting.attended").values_list("at", flat=True)
    start = datetime.datetime(2019, 9, 9, 18, tzinfo=ZoneInfo("Europe/Paris"))
    assert list(checked_in) == [start] * 3  # on the day, not the day the demo loads
    client.force_login(User.objects.get(email="editeur@demo.territoires-industrie.fr"))
    body = client.get(reverse("meetings:report", args=["4403", langres().pk])).content.decode()
    assert "3 présents pour 3 inscrits." in body  # no longer « 0 présent pour 3 inscrits »
