"""A territory's company contacts: saved by email, tags, consent history, filters by
sector and tag, saved lists; the pages and who may open them."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from territoires.audit.models import AuditEvent
from territoires.organisations import contacts
from territoires.organisations.models import Consent, Contact, ContactList, Organisation

from ..factories import (
    GovernanceRoleFactory,
    OrganisationFactory,
    PersonFactory,
    TerritoryFactory,
)

pytestmark = pytest.mark.django_db

SIRET = "73282932000074"


def add(territory, user, email="marie.forge@forges.example", **fields):
    defaults = {"first_name": "Marie", "last_name": "Forge", "organisation_name": "Forges"}
    return contacts.save_contact(territory, acting_user=user, email=email, **{**defaults, **fields})


def test_saving_a_contact_twice_by_the_same_address_updates_it(territory, editor):
    contact, created = add(territory, editor, email="Marie.Forge@Forges.example")
    again, created_again = add(territory, editor, email="marie.forge@forges.example", phone="03")
    assert created and not created_again
    assert again.pk == contact.pk
    assert Contact.objects.count() == 1
    assert again.person.email == "marie.forge@forges.example"
    assert again.person.phone == "03"
    verbs = list(
        AuditEvent.objects.filter(verb__startswith="contacts.").values_list("verb", flat=True)
    )
    assert sorted(verbs) == ["contacts.added", "contacts.updated"]


def test_a_contact_reuses_the_directory_person_with_the_same_address(territory, editor):
    person = PersonFactory(email="arnaud@stef.example", first_name="Arnaud", last_name="G")
    GovernanceRoleFactory(territory=territory, person=person, role="other")
    contact, created = add(territory, editor, email="ARNAUD@stef.example", last_name="Gauthier")
    assert created and contact.person_id == person.pk


def test_a_contact_finds_its_company_by_siret_else_creates_it(territory, editor):
    known = OrganisationFactory(name="STEF TFE", siret=SIRET)
    contact, _ = add(territory, editor, organisation_name="Autre nom", siret="732 829 320 00074")
    assert contact.person.organisation == known
    other, _ = add(territory, editor, email="b@new.example", organisation_name="Nouvelle usine")
    assert other.person.organisation.kind == Organisation.Kind.COMPANY
    assert other.person.organisation.name == "Nouvelle usine"


def test_an_invalid_siret_is_a_field_error_and_nothing_is_written(territory, editor):
    with pytest.raises(ValidationError) as error:
        add(territory, editor, organisation_name="Usine", siret="12345678901234")
    assert "siret" in error.value.message_dict
    assert not Contact.objects.exists()


def test_only_the_territory_managers_save_contacts(territory, reader, other_territory, editor):
    with pytest.raises(PermissionDenied):
        add(territory, reader)
    with pytest.raises(PermissionDenied):
        add(other_territory, editor)


def test_consent_is_a_history_whose_latest_step_counts(territory, editor):
    contact, _ = add(territory, editor)
    purpose = "invitations"
    contacts.record_consent(
        contact,
        acting_user=editor,
        purpose=purpose,
        given=True,
        on=datetime.date(2026, 1, 5),
        source="meeting",
    )
    assert contacts.contacts_of(territory).get().consents_to_invitations is True
    contacts.record_consent(
        contact,
        acting_user=editor,
        purpose=purpose,
        given=False,
        on=datetime.date(2026, 2, 1),
        source="email",
        note="Par retour de courriel",
    )
    assert contacts.contacts_of(territory).get().consents_to_invitations is False
    assert Consent.objects.filter(contact=contact).count() == 2
    assert AuditEvent.objects.filter(verb="contacts.consent_withdrawn").count() == 1


def test_filters_by_sector_division_tag_and_consent(territory, editor):
    metal = OrganisationFactory(name="Métal", naf_code="25.62B")
    food = OrganisationFactory(name="Fromagerie", naf_code="10.51C")
    transport = OrganisationFactory(name="Transports", naf_code="49.41A")
    a, _ = add(territory, editor, email="a@m.example", organisation_name="Métal")
    b, _ = add(territory, editor, email="b@f.example", organisation_name="Fromagerie")
    c, _ = add(territory, editor, email="c@t.example", organisation_name="Transports")
    assert {a.person.organisation, b.person.organisation, c.person.organisation} == {
        metal,
        food,
        transport,
    }
    contacts.set_tags(a, ["Apprentissage"], acting_user=editor)
    contacts.set_tags(c, ["apprentissage", "Logistique"], acting_user=editor)
    contacts.record_consent(
        c,
        acting_user=editor,
        purpose="invitations",
        given=True,
        on=datetime.date(2026, 1, 5),
        source="form",
    )
    everyone = contacts.contacts_of(territory)

    def names(**filters):
        return {x.person.organisation.name for x in contacts.filter_contacts(everyone, **filters)}

    assert names(section="C") == {"Métal", "Fromagerie"}
    assert names(division="25") == {"Métal"}
    assert names(section="H") == {"Transports"}
    tag = a.tags.get()
    assert tag.name == "Apprentissage" and c.tags.count() == 2  # one tag, whatever the case
    assert names(tag=tag) == {"Métal", "Transports"}
    assert names(tag=tag, consent="invitations") == {"Transports"}


def test_a_saved_list_is_a_filter_read_afresh(territory, editor):
    OrganisationFactory(name="Métal", naf_code="25.62B")
    saved = contacts.save_contact_list(
        ContactList(territory=territory, name="Métallurgie", naf_section="C"), acting_user=editor
    )
    assert not contacts.list_members(saved).exists()
    add(territory, editor, organisation_name="Métal")
    assert contacts.list_members(saved).count() == 1
    with pytest.raises(ValidationError) as error:
        contacts.save_contact_list(
            ContactList(territory=territory, name="métallurgie"), acting_user=editor
        )
    assert "name" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        contacts.save_contact_list(
            ContactList(territory=territory, name="X", naf_section="C", naf_division="49"),
            acting_user=editor,
        )
    assert "naf_division" in error.value.message_dict


# Pages ----------------------------------------------------------------------------------


def url(name, territory, *args):
    return reverse(f"contacts:{name}", args=[territory.code, *args])


def test_the_list_page_filters_and_shows_consent(territory, editor, login):
    OrganisationFactory(name="Métal", naf_code="25.62B")
    add(territory, editor, organisation_name="Métal")
    add(territory, editor, email="z@t.example", last_name="Zola", organisation_name="Autre")
    client = login(editor)
    body = client.get(url("index", territory)).content.decode()
    assert "Forge" in body and "Zola" in body and "Non recueilli" in body
    body = client.get(url("index", territory), {"secteur": "C"}).content.decode()
    assert "Forge" in body and "Zola" not in body
    response = client.get(url("index", territory), {"division": "2"})
    assert response.status_code == 400
    assert "Deux chiffres" in response.content.decode()
    assert client.get(url("index", territory), {"liste": "999"}).status_code == 404


def test_adding_a_contact_then_tagging_and_recording_consent(territory, editor, login):
    client = login(editor)
    response = client.post(
        url("add", territory),
        {
            "first_name": "Léa",
            "last_name": "Usine",
            "email": "lea@usine.example",
            "organisation_name": "Usine",
            "siret": "123",
        },
    )
    assert response.status_code == 400
    assert "SIRET invalide" in response.content.decode()
    response = client.post(
        url("add", territory),
        {
            "first_name": "Léa",
            "last_name": "Usine",
            "email": "lea@usine.example",
            "organisation_name": "Usine",
            "siret": SIRET,
        },
    )
    contact = Contact.objects.get()
    assert response.url == url("detail", territory, contact.pk)
    client.post(url("tags", territory, contact.pk), {"tags": "métal, Métal; apprentis"})
    assert sorted(contact.tags.values_list("name", flat=True)) == ["apprentis", "métal"]
    response = client.post(
        url("consent", territory, contact.pk),
        {"purpose": "invitations", "given": "1", "on": "2026-03-01", "source": "phone"},
    )
    assert response.status_code == 302
    body = client.get(url("detail", territory, contact.pk)).content.decode()
    assert "Par téléphone" in body and "1 mars 2026" in body


def test_saving_a_list_from_the_page(territory, editor, login):
    client = login(editor)
    response = client.post(url("list_create", territory), {"name": "Industrie", "naf_section": "C"})
    saved = ContactList.objects.get()
    assert response.url == f"{url('index', territory)}?liste={saved.pk}"
    body = client.get(response.url).content.decode()
    assert "Liste « Industrie »" in body
    client.post(url("list_delete", territory, saved.pk))
    assert not ContactList.objects.exists()


@pytest.mark.parametrize("role", ["reader", "contributor"])
def test_contacts_are_refused_to_lecteurs_and_contributeurs(territory, login, role, request):
    user = request.getfixturevalue(role)
    assert login(user).get(url("index", territory)).status_code == 403


def test_a_contact_of_another_territory_is_not_found(territory, editor, login):
    other = TerritoryFactory(code="5301")
    contact = Contact.objects.create(territory=other, person=PersonFactory(email="x@y.example"))
    assert login(editor).get(url("detail", territory, contact.pk)).status_code == 404


def test_an_empty_contact_list_says_how_to_start_and_a_filtered_one_that_nothing_matches(
    territory, editor, login
):
    client = login(editor)
    page = reverse("contacts:index", args=[territory.code])
    body = " ".join(client.get(page).content.decode().split())
    assert "<caption>0 contact</caption>" in body
    assert "Aucun contact pour l’instant : ajoutez un contact ou importez un fichier" in body
    add(territory, editor)
    body = " ".join(client.get(page).content.decode().split())
    assert "<caption>1 contact</caption>" in body
    body = " ".join(client.get(page + "?division=99").content.decode().split())
    assert "Aucun contact ne correspond à ces critères." in body


def test_a_contact_added_reads_in_french_in_my_space(login, territory, editor):
    add(territory, editor, job_title="Directrice de site")
    page = login(editor).get(reverse("workspace:index")).content.decode()
    assert "Contact ajouté" in page
    assert "Prénom : <em>(vide)</em> → Marie" in page
    assert "Fonction : <em>(vide)</em> → Directrice de site" in page
    assert "First name" not in page and "Job title" not in page
