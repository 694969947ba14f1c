"""The admin of the rows only the services write: Mon espace's follows, notifications and
settings, the company contacts, their consent steps, tags and lists, the meetings'
invitations and follow-ups. Read here (no add, change or delete), a contact list deleted
through its service (audit-logged); each list in a number of queries that does not grow
with its rows."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from territoires.audit.log import record
from territoires.audit.models import AuditEvent
from territoires.meetings.invitation_models import Invitation
from territoires.meetings.models import FollowUp
from territoires.organisations.models import Consent, Contact, ContactList, ContactTag
from territoires.workspace.models import Follow, Notification, NotificationSettings

from ..factories import (
    ActionSheetFactory,
    MeetingFactory,
    OrganisationFactory,
    PersonFactory,
    TerritoryFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def make_follow(territory, n):
    sheet = ActionSheetFactory(territory=territory, code=f"F{n}")
    return Follow.objects.create(user=UserFactory(), sheet=sheet)


def make_notification(territory, n):
    sheet = ActionSheetFactory(territory=territory, code=f"N{n}")
    event = record("sheet.updated", sheet, acting_user=None, territory=territory)
    return Notification.objects.create(
        recipient=UserFactory(), event=event, sheet=sheet, kind="status_changed"
    )


def make_settings(territory, n):
    return NotificationSettings.objects.create(user=UserFactory(), frequency="weekly")


def make_contact(territory, n):
    person = PersonFactory(organisation=OrganisationFactory(name=f"Forges {n}"))
    contact = Contact.objects.create(territory=territory, person=person)
    contact.tags.add(ContactTag.objects.get_or_create(territory=territory, name=f"t{n}")[0])
    Consent.objects.create(
        contact=contact,
        purpose="invitations",
        given=True,
        on=datetime.date(2026, 1, n),
        source="form",
    )
    return contact


def make_consent(territory, n):
    return make_contact(territory, n).consents.get()


def make_tag(territory, n):
    return ContactTag.objects.create(territory=territory, name=f"Étiquette {n}")


def make_list(territory, n):
    tag = make_tag(territory, n)
    return ContactList.objects.create(territory=territory, name=f"Liste {n}", tag=tag)


def make_invitation(territory, n):
    meeting = MeetingFactory(territory=territory)
    return Invitation.objects.create(
        meeting=meeting,
        person=PersonFactory(),
        first_name="Claude",
        last_name=f"Invitée {n}",
        email=f"invitee{n}@entreprise.example",
    )


def make_follow_up(territory, n):
    meeting = MeetingFactory(territory=territory)
    return FollowUp.objects.create(
        meeting=meeting,
        kind="decision",
        text=f"Décision {n}",
        owner=PersonFactory(),
        due_date=datetime.date(2026, 12, n),
    )


MAKERS = {
    Follow: make_follow,
    Notification: make_notification,
    NotificationSettings: make_settings,
    Contact: make_contact,
    Consent: make_consent,
    ContactTag: make_tag,
    ContactList: make_list,
    Invitation: make_invitation,
    FollowUp: make_follow_up,
}
MODELS = list(MAKERS)


def label(value):
    return value._meta.label if hasattr(value, "_meta") else ""


def queries(client, model):
    with CaptureQueriesContext(connection) as context:
        assert client.get(url(model, "changelist")).status_code == 200
    return len(context)


@pytest.mark.parametrize("model", MODELS, ids=label)
def test_the_list_and_the_page_of_a_row_answer_and_nothing_is_written(admin_client, model):
    obj = MAKERS[model](TerritoryFactory(), 1)
    assert admin_client.get(url(model, "changelist")).status_code == 200
    page = admin_client.get(url(model, "change", obj.pk))
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    assert admin_client.get(url(model, "add")).status_code == 403
    assert admin_client.post(url(model, "delete", obj.pk), {"post": "yes"}).status_code == 403
    assert model.objects.filter(pk=obj.pk).exists()


@pytest.mark.parametrize("model", MODELS, ids=label)
def test_the_list_queries_do_not_grow_with_the_rows(admin_client, model):
    territory = TerritoryFactory()
    MAKERS[model](territory, 1)
    few = queries(admin_client, model)
    for n in range(2, 12):
        MAKERS[model](territory, n)
    assert queries(admin_client, model) == few


def test_a_contact_list_is_deleted_through_the_service(admin_client, admin_user):
    contact_list = make_list(TerritoryFactory(), 1)
    response = admin_client.post(
        url(ContactList, "changelist"),
        {"action": "delete_lists", "_selected_action": [contact_list.pk]},
    )
    assert response.status_code == 302
    assert not ContactList.objects.exists()
    event = AuditEvent.objects.get(verb="contacts.list_deleted")
    assert (event.actor, event.territory) == (admin_user, contact_list.territory)


def test_the_bulk_delete_that_would_bypass_the_service_is_not_offered(admin_client):
    make_list(TerritoryFactory(), 1)
    body = admin_client.get(url(ContactList, "changelist")).content.decode()
    assert "delete_lists" in body and "delete_selected" not in body
