"""The capabilities of the territory's directory (annuaire): its page, the governance on
the territory page, and its management pages and writes."""

from django.urls import reverse

from territoires.organisations.models import GovernanceRole, Organisation, Partnership, Person

from .capability import Capability, always_ok, territory_page
from .rules import (
    DONE,
    FORBIDDEN,
    HIDDEN,
    INVALID,
    MANAGES_DIRECTORY,
    OK,
    OWN,
    READS_RESTRICTED,
    candidate_name,
    contacts,
    ended_name,
    partner_name,
    person_name,
)


def _directory_url(name, world, target, *args):
    return reverse(f"directory:{name}", args=[world.territory(target).code, *args])


def prepare_directory(world, target, kind):
    """The three directories, before the "nothing written" snapshot."""
    world.directory(target)


def _directory_manage(success):
    """A management page or write: the views answer 403 to anyone who may not manage the
    directory (an anonymous visitor is then sent to the login page: `as_page`)."""

    def expect(actor, target, kind):
        return success if target in MANAGES_DIRECTORY[actor] else FORBIDDEN

    return expect


def _directory_write_via_own(refused=HIDDEN):
    """The home territory's URL decides; an object of another territory is not there (or,
    for a form's choice, not offered: `refused`)."""

    def expect(actor, target, kind):
        outcome = _directory_manage(DONE)(actor, OWN, kind)
        return refused if outcome == DONE and target != OWN else outcome

    return expect


def _shown(problems, text, wanted, body):
    if (text in body) != wanted:
        problems.append(f"{text!r} {'missing' if wanted else 'shown'}")


def _directory_check(body, actor, target, kind):
    """Names, organisations and partners for all; contact details for the territory's
    readers; ended roles and the management links for its managers."""
    problems = []
    for text in (person_name(target), partner_name(target)):
        _shown(problems, text, True, body)
    for contact in contacts(target):
        _shown(problems, contact, target in READS_RESTRICTED[actor], body)
    manages = target in MANAGES_DIRECTORY[actor]
    _shown(problems, ended_name(target), manages, body)
    _shown(problems, "Ajouter une personne", manages, body)
    return problems


def _territory_page_directory_check(body, actor, target, kind):
    """The territory page's governance: current roles only, contacts for its readers."""
    problems = []
    for text in (person_name(target), partner_name(target)):
        _shown(problems, text, True, body)
    _shown(problems, ended_name(target), False, body)
    for contact in contacts(target):
        _shown(problems, contact, target in READS_RESTRICTED[actor], body)
    return problems


def _role(world, target):
    return GovernanceRole.objects.get(pk=world.directory(target).role)


def _person(world, target):
    return Person.objects.get(pk=world.directory(target).person)


def _role_edit_post(url_target):
    def call(client, world, target, kind):
        url = _directory_url("role_edit", world, url_target or target, world.directory(target).role)
        data = {
            "role": GovernanceRole.Role.PROJECT_COMMITTEE,
            "organisation": "",
            "note": "modifié",
        }
        return client.post(url, {**data, "since": ""})

    return call


def _role_end_post(url_target):
    def call(client, world, target, kind):
        url = _directory_url("role_end", world, url_target or target, world.directory(target).role)
        return client.post(url, {"until": ""})

    return call


def _person_edit_post(url_target):
    def call(client, world, target, kind):
        directory = world.directory(target)
        url = _directory_url("person_edit", world, url_target or target, directory.person)
        first_name, last_name = person_name(target).split(" ", 1)
        email, phone, _ = contacts(target)
        data = {"first_name": first_name, "last_name": last_name, "job_title": "Maire"}
        data.update(email=email, phone=phone, organisation=directory.partner)
        return client.post(url, {**data, "new_organisation_name": "", "new_organisation_kind": ""})

    return call


def _partner_remove_post(url_target):
    def call(client, world, target, kind):
        pk = world.directory(target).partnership
        return client.post(_directory_url("partner_remove", world, url_target or target, pk))

    return call


def _role_add_post(url_target):
    def call(client, world, target, kind):
        url = _directory_url("role_add", world, url_target or target)
        person = world.directory(target).person
        return client.post(url, {"person": person, "role": GovernanceRole.Role.OTHER, "note": ""})

    return call


def _directory_manage_own(actor, target, kind):
    return _directory_manage(DONE)(actor, OWN, kind)


def _share_with_own(world, target, kind):
    person = world.directory(target).person
    if target != OWN:
        GovernanceRole.objects.create(
            territory=world.territory(OWN), person_id=person, role=GovernanceRole.Role.OTHER
        )


def _role_is(role):
    return lambda w, t, k: _role(w, t).role == role


def _role_ended(world, target, kind):
    return _role(world, target).until is not None


def _person_edited(world, target, kind):
    return _person(world, target).job_title == "Maire"


def _partner_removed(world, target, kind):
    return not Partnership.objects.filter(pk=world.directory(target).partnership).exists()


def _role_given(world, target, kind):
    return GovernanceRole.objects.filter(
        territory=world.territory(target),
        person_id=world.directory(target).person,
        role=GovernanceRole.Role.OTHER,
    ).exists()


DIRECTORY_PAGES = [
    Capability(
        "directory_page",
        lambda c, w, t, k: c.get(_directory_url("index", w, t)),
        always_ok,
        prepare=prepare_directory,
        check=_directory_check,
    ),
    Capability(
        "territory_page_directory",  # the territory page's "Gouvernance et partenaires"
        territory_page(),
        always_ok,
        prepare=prepare_directory,
        check=_territory_page_directory_check,
    ),
    Capability(
        "person_add_page",
        lambda c, w, t, k: c.get(_directory_url("person_add", w, t)),
        _directory_manage(OK),
        prepare=prepare_directory,
        check=lambda body, a, t, k: [] if person_name(t) in body else ["the person is not offered"],
    ),
    Capability(
        "person_add",
        lambda c, w, t, k: c.post(
            _directory_url("person_add", w, t),
            {
                "first_name": "Nouvelle",
                "last_name": "Recrue",
                "email": "recrue@annuaire.example",
                "role": GovernanceRole.Role.OTHER,
                "organisation": "",
                "new_organisation_name": "",
            },
        ),
        _directory_manage(DONE),
        prepare=prepare_directory,
        happened=lambda w, t, k: GovernanceRole.objects.filter(
            territory=w.territory(t), person__last_name="Recrue", role=GovernanceRole.Role.OTHER
        ).exists(),
    ),
    Capability(
        "role_add",
        _role_add_post(None),
        _directory_manage(DONE),
        prepare=prepare_directory,
        happened=_role_given,
    ),
    Capability(
        "role_edit_page",
        lambda c, w, t, k: c.get(_directory_url("role_edit", w, t, w.directory(t).role)),
        _directory_manage(OK),
        prepare=prepare_directory,
        check=lambda body, a, t, k: [] if person_name(t) in body else ["the person is missing"],
    ),
    Capability(
        "role_edit",
        _role_edit_post(None),
        _directory_manage(DONE),
        prepare=prepare_directory,
        happened=_role_is(GovernanceRole.Role.PROJECT_COMMITTEE),
    ),
    Capability(
        "role_end",
        _role_end_post(None),
        _directory_manage(DONE),
        prepare=prepare_directory,
        happened=_role_ended,
    ),
    Capability(
        "person_edit_page",
        lambda c, w, t, k: c.get(_directory_url("person_edit", w, t, w.directory(t).person)),
        _directory_manage(OK),
        prepare=prepare_directory,
        check=lambda body, a, t, k: [] if contacts(t)[0] in body else ["the email is missing"],
    ),
    Capability(
        "person_edit",
        _person_edit_post(None),
        _directory_manage(DONE),
        prepare=prepare_directory,
        happened=_person_edited,
    ),
    Capability(
        "partner_search",
        lambda c, w, t, k: c.get(_directory_url("partner_add", w, t) + "?q=Candidate"),
        _directory_manage(OK),
        prepare=prepare_directory,
        check=lambda body, a, t, k: (
            [] if candidate_name(t) in body else ["the organisation is not found"]
        ),
    ),
    Capability(
        "partner_add",
        lambda c, w, t, k: c.post(
            _directory_url("partner_add", w, t),
            {"organisation": w.directory(t).candidate, "description": "Financeur"},
        ),
        _directory_manage(DONE),
        prepare=prepare_directory,
        happened=lambda w, t, k: Partnership.objects.filter(
            territory=w.territory(t), organisation_id=w.directory(t).candidate
        ).exists(),
    ),
    Capability(
        "partner_create",
        lambda c, w, t, k: c.post(
            _directory_url("partner_create", w, t),
            {"name": "Nouvelle entreprise", "kind": Organisation.Kind.COMPANY, "siren": ""},
        ),
        _directory_manage(DONE),
        prepare=prepare_directory,
        happened=lambda w, t, k: Partnership.objects.filter(
            territory=w.territory(t), organisation__name="Nouvelle entreprise"
        ).exists(),
    ),
    Capability(
        "partner_remove",
        _partner_remove_post(None),
        _directory_manage(DONE),
        prepare=prepare_directory,
        happened=_partner_removed,
    ),
    # The home territory's URLs, with an object of the target territory.
    Capability(
        "role_add_via_own_territory",  # a person of another territory is not offered
        _role_add_post(OWN),
        _directory_write_via_own(INVALID),
        prepare=prepare_directory,
        happened=_role_given,
    ),
    Capability(
        "role_edit_via_own_territory",
        _role_edit_post(OWN),
        _directory_write_via_own(),
        prepare=prepare_directory,
        happened=_role_is(GovernanceRole.Role.PROJECT_COMMITTEE),
    ),
    Capability(
        "role_end_via_own_territory",
        _role_end_post(OWN),
        _directory_write_via_own(),
        prepare=prepare_directory,
        happened=_role_ended,
    ),
    Capability(
        "person_edit_via_own_territory",
        _person_edit_post(OWN),
        _directory_write_via_own(),
        prepare=prepare_directory,
        happened=_person_edited,
    ),
    Capability(
        # A person of the target territory who also holds a role in the home territory:
        # editable from the home directory by whoever manages it.
        "person_edit_shared_via_own_territory",
        _person_edit_post(OWN),
        _directory_manage_own,
        prepare=_share_with_own,
        happened=_person_edited,
    ),
    Capability(
        "partner_remove_via_own_territory",
        _partner_remove_post(OWN),
        _directory_write_via_own(),
        prepare=prepare_directory,
        happened=_partner_removed,
    ),
]
