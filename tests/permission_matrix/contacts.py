"""The capabilities of a territory's company contacts: the list, a contact's page, adding
one, recording a consent, saving a list. Each territory has one contact
(`prepare_contacts`), whose address leaks nowhere to those who do not manage the
territory's contacts (`rules.secret_contacts`)."""

import base64
import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from territoires.audit.models import AuditEvent
from territoires.meetings.invitation_mail import invitation_token
from territoires.meetings.models import Invitation, Meeting
from territoires.organisations.models import Consent, Contact, ContactList, Person

from .capability import Capability
from .meetings import MEETING_KINDS, meeting_visible
from .rules import (
    DONE,
    FORBIDDEN,
    HIDDEN,
    LABELS,
    MANAGES_CONTACTS,
    MANAGES_MEETINGS,
    OK,
    OWN,
    TARGETS,
    WRITTEN,
    company_contact_email,
)


def prepare_contacts(world, target, kind):
    if getattr(world, "_contacts", None) is None:
        world._contacts = {}
        for t in TARGETS:
            person = Person.objects.create(
                first_name="Camille",
                last_name=f"Entreprise {LABELS[t]}",
                email=company_contact_email(t),
            )
            world._contacts[t] = Contact.objects.create(
                territory=world.territory(t), person=person
            ).pk


def _contact(world, target):
    prepare_contacts(world, target, None)
    return world._contacts[target]


def _url(name, world, target, *args):
    return reverse(f"contacts:{name}", args=[world.territory(target).code, *args])


def _managed(success):
    def expect(actor, target, kind):
        return success if target in MANAGES_CONTACTS[actor] else FORBIDDEN

    return expect


def _via_own(success):
    """Another territory's contact through the home territory's address: not there."""

    def expect(actor, target, kind):
        if OWN not in MANAGES_CONTACTS[actor]:
            return FORBIDDEN
        return success if target == OWN else HIDDEN

    return expect


def _list_check(body, actor, target, kind):
    problems = []
    for t in TARGETS:
        shown = company_contact_email(t) in body
        if shown != (t == target):
            problems.append(f"{company_contact_email(t)!r} {'shown' if shown else 'missing'}")
    return problems


def _add_post(client, world, target, kind):
    data = {"last_name": "Nouveau", "email": f"nouveau@{LABELS[target].lower()}.example"}
    return client.post(_url("add", world, target), data)


def _added(world, target, kind):
    return Contact.objects.filter(
        territory=world.territory(target),
        person__email=f"nouveau@{LABELS[target].lower()}.example",
    ).exists()


def _consent_post(url_target):
    def call(client, world, target, kind):
        url = _url("consent", world, url_target or target, _contact(world, target))
        data = {"purpose": "invitations", "given": "1", "on": "2026-01-05", "source": "form"}
        return client.post(url, data)

    return call


def _list_post(client, world, target, kind):
    return client.post(_url("list_create", world, target), {"name": f"Liste {target}"})


CONTACT_PAGES = [
    Capability(
        "contacts_list",
        lambda c, w, t, k: c.get(_url("index", w, t)),
        _managed(OK),
        prepare=prepare_contacts,
        check=_list_check,
    ),
    Capability(
        "contact_page",
        lambda c, w, t, k: c.get(_url("detail", w, t, _contact(w, t))),
        _managed(OK),
        prepare=prepare_contacts,
    ),
    Capability(
        "contact_page_via_own",
        lambda c, w, t, k: c.get(_url("detail", w, OWN, _contact(w, t))),
        _via_own(OK),
        prepare=prepare_contacts,
    ),
    Capability(
        "contact_add_post",
        _add_post,
        _managed(DONE),
        prepare=prepare_contacts,
        happened=_added,
    ),
    Capability(
        "contact_consent_post",
        _consent_post(None),
        _managed(DONE),
        prepare=prepare_contacts,
        happened=lambda w, t, k: Consent.objects.filter(contact_id=_contact(w, t)).exists(),
    ),
    Capability(
        "contact_consent_post_via_own",
        _consent_post(OWN),
        _via_own(DONE),
        prepare=prepare_contacts,
        happened=lambda w, t, k: Consent.objects.filter(contact_id=_contact(w, t)).exists(),
    ),
    Capability(
        "contact_list_create_post",
        _list_post,
        _managed(DONE),
        prepare=prepare_contacts,
        happened=lambda w, t, k: ContactList.objects.filter(name=f"Liste {t}").exists(),
    ),
]


def _import_csv(target):
    return f"Nom;Courriel\nImporté;importe@{LABELS[target].lower()}.example\n".encode()


def _import_preview_post(client, world, target, kind):
    upload = SimpleUploadedFile("contacts.csv", _import_csv(target), content_type="text/csv")
    return client.post(_url("import", world, target), {"file": upload})


def _import_confirm_post(client, world, target, kind):
    content = base64.b64encode(_import_csv(target)).decode()
    return client.post(_url("import", world, target), {"content": content})


def _imported(world, target, kind):
    email = f"importe@{LABELS[target].lower()}.example"
    return Contact.objects.filter(territory=world.territory(target), person__email=email).exists()


CONTACT_PAGES += [
    Capability(
        "contact_import_page",
        lambda c, w, t, k: c.get(_url("import", w, t)),
        _managed(OK),
    ),
    Capability(
        "contact_import_preview_post",
        _import_preview_post,
        _managed(OK),
        prepare=prepare_contacts,
    ),
    Capability(
        "contact_import_confirm_post",
        _import_confirm_post,
        _managed(DONE),
        prepare=prepare_contacts,
        happened=_imported,
    ),
]


def _contact_url(name, url_target=None):
    def call(client, world, target, kind):
        return client.post(_url(name, world, url_target or target, _contact(world, target)))

    return call


def _exported(world, target, kind):
    return AuditEvent.objects.filter(
        verb="personal_data.exported", object_id=_contact(world, target)
    ).exists()


def _erase_post(url_target):
    def call(client, world, target, kind):
        url = _url("erase", world, url_target or target, _contact(world, target))
        return client.post(url, {"confirm": "1"})

    return call


def _erased(world, target, kind):
    return not Contact.objects.filter(pk=_contact(world, target)).exists()


CONTACT_PAGES += [
    Capability(
        "contact_export_post",
        _contact_url("export"),
        _managed(WRITTEN),
        prepare=prepare_contacts,
        happened=_exported,
    ),
    Capability(
        "contact_export_post_via_own",
        _contact_url("export", OWN),
        _via_own(WRITTEN),
        prepare=prepare_contacts,
        happened=_exported,
    ),
    Capability(
        "contact_erase_page",
        lambda c, w, t, k: c.get(_url("erase", w, t, _contact(w, t))),
        _managed(OK),
        prepare=prepare_contacts,
    ),
    Capability(
        "contact_erase_post",
        _erase_post(None),
        _managed(DONE),
        prepare=prepare_contacts,
        happened=_erased,
    ),
    Capability(
        "contact_erase_post_via_own",
        _erase_post(OWN),
        _via_own(DONE),
        prepare=prepare_contacts,
        happened=_erased,
    ),
]


# Invitations to a meeting (the organisers' page, inviting, reminding) and the invited
# person's answer page, for a public and a territory meeting of each territory.


def prepare_invitations(world, target, kind):
    """Each territory's contact consents to invitations; the meetings are to come."""
    prepare_contacts(world, target, kind)
    for t in TARGETS:
        for k in MEETING_KINDS:
            meeting = world.meeting(t, k)
            Meeting.objects.filter(pk=meeting.pk).update(
                date=timezone.localdate() + datetime.timedelta(days=30)
            )
        contact_id = world._contacts[t]
        if not Consent.objects.filter(contact_id=contact_id).exists():
            Consent.objects.create(
                contact_id=contact_id,
                purpose="invitations",
                given=True,
                on=datetime.date(2026, 1, 5),
                source="form",
            )


def _meeting_url(name, world, target, kind):
    return reverse(
        f"meetings:{name}", args=[world.territory(target).code, world.meeting(target, kind).pk]
    )


def _invitations_expect(success):
    def expect(actor, target, kind):
        if not meeting_visible(actor, target, kind):
            return HIDDEN
        managed = target in MANAGES_MEETINGS[actor] and target in MANAGES_CONTACTS[actor]
        return success if managed else FORBIDDEN

    return expect


def _invite_post(client, world, target, kind):
    url = _meeting_url("invitations", world, target, kind)
    return client.post(url, {"contacts": [_contact(world, target)]})


def _invited(world, target, kind):
    return Invitation.objects.filter(meeting=world.meeting(target, kind)).exists()


def _remind_post(client, world, target, kind):
    return client.post(_meeting_url("invitations_remind", world, target, kind))


def _reminded(world, target, kind):
    return AuditEvent.objects.filter(
        verb="meeting.invitations_reminded", object_id=world.meeting(target, kind).pk
    ).exists()


def _answer_page(client, world, target, kind):
    prepare_invitations(world, target, kind)
    meeting = world.meeting(target, kind)
    invitation = Invitation.objects.filter(meeting=meeting).first() or Invitation.objects.create(
        meeting=meeting,
        first_name="Invitée",
        last_name=f"Matrice {target}",
        email=f"i@{target}.example",
    )
    return client.get(reverse("meetings:invitation", args=[invitation_token(invitation)]))


INVITATION_PAGES = [
    Capability(
        "meeting_invitations_page",
        lambda c, w, t, k: c.get(_meeting_url("invitations", w, t, k)),
        _invitations_expect(OK),
        kinds=MEETING_KINDS,
        prepare=prepare_invitations,
    ),
    Capability(
        "meeting_invite_post",
        _invite_post,
        _invitations_expect(DONE),
        kinds=MEETING_KINDS,
        prepare=prepare_invitations,
        happened=_invited,
    ),
    Capability(
        "meeting_invitations_remind_post",
        _remind_post,
        _invitations_expect(DONE),
        kinds=MEETING_KINDS,
        prepare=prepare_invitations,
        happened=_reminded,
    ),
    Capability(
        "invitation_answer_page",
        _answer_page,
        lambda actor, target, kind: OK,
        kinds=MEETING_KINDS,
        prepare=prepare_invitations,
    ),
]
