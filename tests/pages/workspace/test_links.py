"""Mon espace's recent changes lead to their object (the fiche, its financing plan, the
meeting, the contact, the territory), only for those who may see it; a notification is
marked read on its own."""

import pytest
from django.urls import reverse

from territoires.audit.log import record
from territoires.audit.models import AuditEvent
from territoires.audit.render import describe
from territoires.organisations.models import Contact, Person
from territoires.pages.workspace import links
from territoires.permissions import policy_for
from territoires.plans import services
from territoires.plans.models import Status
from territoires.workspace.models import Notification

from ...factories import (
    ActionSheetFactory,
    FundingLineFactory,
    MeetingFactory,
    PersonFactory,
    TerritoryFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
INDEX = "/mon-espace/"


def attached(user, *events):
    return links.attach([describe(e) for e in events], policy_for(user))


def test_a_fiche_event_links_to_the_fiche(territory, reader):
    sheet = ActionSheetFactory(territory=territory, code="F1", title="Former des soudeurs")
    event = record("sheet.updated", sheet, acting_user=None, territory=territory)
    (change,) = attached(reader, event)
    assert change.url == reverse("plans:sheet_detail", args=[territory.code, "F1"])
    assert change.object_text == "F1 Former des soudeurs"


def test_a_line_event_links_to_the_financing_plan(territory, editor):
    from territoires.funding import financing

    sheet = ActionSheetFactory(territory=territory, code="F2")
    line = FundingLineFactory(sheet=sheet, financer__name="Région Grand Est")
    financing.remove_line(line, acting_user=editor, expected_version=line.version)
    event = AuditEvent.objects.get(verb="funding.line_removed")
    (change,) = attached(editor, event)
    assert change.url == reverse("funding:sheet", args=[territory.code, "F2"])
    assert "Région Grand Est" in change.object_text


def test_a_meeting_and_a_registration_link_to_the_meeting(territory, reader):
    from territoires.meetings import registrations

    meeting = MeetingFactory(territory=territory)
    registrations.register(
        meeting,
        acting_user=None,
        first_name="Claude",
        last_name="Inscrite",
        email="claude@entreprise.example",
        organisation_name="Forges",
    )
    events = AuditEvent.objects.filter(verb="meeting.registered").order_by("pk")
    (change,) = attached(reader, *events)
    assert change.url == reverse("meetings:detail", args=[territory.code, meeting.pk])
    assert "Claude Inscrite" in change.object_text


def test_a_fiche_out_of_sight_is_neither_linked_nor_named(territory, reader):
    elsewhere = TerritoryFactory(code="5301", name="Lorient")
    hidden = ActionSheetFactory(
        territory=elsewhere, code="F7", title="Projet confidentiel", visibility="restricted"
    )
    line = FundingLineFactory(sheet=hidden, financer__name="Bpifrance")
    events = [
        record("sheet.updated", hidden, acting_user=None, territory=elsewhere),
        record(
            "funding.line_updated",
            line,
            acting_user=None,
            territory=elsewhere,
            data={"sheet": {"id": hidden.pk, "label": str(hidden)}},
        ),
    ]
    for change in attached(reader, *events):
        assert change.url is None
        assert change.object_text == links.HIDDEN_SHEET
        assert "confidentiel" not in change.object_text


def test_a_deleted_fiche_leads_its_bin_managers_to_it(territory, editor):
    sheet = ActionSheetFactory(territory=territory, code="F3", title="Fiche supprimée")
    services.delete_sheet(sheet, acting_user=editor)
    event = AuditEvent.objects.get(verb="sheet.deleted")
    (change,) = attached(editor, event)
    assert change.url == reverse("plans:sheet_detail", args=[territory.code, "F3"])


def test_contacts_events_are_for_those_who_manage_contacts(login, territory, editor, reader):
    person = Person.objects.create(first_name="Camille", last_name="Dufour")
    contact = Contact.objects.create(territory=territory, person=person)
    record("contacts.updated", contact, acting_user=None, territory=territory)
    editor_page = login(editor).get(INDEX).content.decode()
    assert "Camille Dufour" in editor_page
    assert reverse("contacts:detail", args=[territory.code, contact.pk]) in editor_page
    assert "Camille Dufour" not in login(reader).get(INDEX).content.decode()
    (change,) = attached(reader, AuditEvent.objects.get(verb="contacts.updated"))
    assert change.url is None and change.object_text == links.HIDDEN_CONTACT


def test_the_page_links_each_change(login, territory, reader):
    sheet = ActionSheetFactory(territory=territory, code="F1", title="Former des soudeurs")
    record("sheet.updated", sheet, acting_user=None, territory=territory)
    body = login(reader).get(INDEX).content.decode()
    url = reverse("plans:sheet_detail", args=[territory.code, "F1"])
    assert f'<a href="{url}">F1 Former des soudeurs</a>' in body


def _notified(territory, editor):
    pilot = UserFactory()
    sheet = ActionSheetFactory(territory=territory, code="F9", status=Status.PRESENTED)
    sheet.pilots.add(PersonFactory(user=pilot))
    services.change_status(sheet, Status.VALIDATED, acting_user=editor)
    return pilot, Notification.objects.get(recipient=pilot)


def test_one_notification_is_marked_read_from_its_button(login, territory, editor):
    pilot, notification = _notified(territory, editor)
    client = login(pilot)
    url = reverse("workspace:mark_read", args=[notification.pk])
    assert url in client.get(INDEX).content.decode()
    response = client.post(url)
    assert response.status_code == 302
    assert response["Location"].endswith("#notifications")
    notification.refresh_from_db()
    assert notification.read_at is not None
    assert AuditEvent.objects.filter(verb="workspace.notification_read", actor=pilot).count() == 1
    client.post(url)  # again: nothing more happens
    assert AuditEvent.objects.filter(verb="workspace.notification_read").count() == 1
    assert url not in client.get(INDEX).content.decode()


def test_another_persons_notification_is_not_found(login, territory, editor):
    _, notification = _notified(territory, editor)
    url = reverse("workspace:mark_read", args=[notification.pk])
    assert login(editor).post(url).status_code == 404
    assert login(editor).get(url).status_code == 405
    notification.refresh_from_db()
    assert notification.read_at is None


def test_an_erased_contact_is_named_as_the_log_keeps_it_but_not_linked(territory, editor):
    person = Person.objects.create(first_name="Camille", last_name="Dufour")
    contact = Contact.objects.create(territory=territory, person=person)
    event = record("contacts.updated", contact, acting_user=None, territory=territory)
    contact.delete()
    (change,) = attached(editor, event)
    assert change.url is None
    assert change.object_text == "Camille Dufour"
