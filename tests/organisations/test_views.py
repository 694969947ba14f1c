"""The directory pages: public and member views, forms and their errors, access, query count."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from territoires.organisations.models import GovernanceRole, Organisation, Partnership, Person

from ..factories import (
    GovernanceRoleFactory,
    OrganisationFactory,
    PartnershipFactory,
    PersonFactory,
    TerritoryFactory,
    member,
)

pytestmark = pytest.mark.django_db


def url(name, territory, *args):
    return reverse(f"directory:{name}", args=[territory.code, *args])


@pytest.fixture
def governance(territory, nogentech):
    """The binôme, the chef de projet, a committee member and a contact of 4403."""
    chaumont = OrganisationFactory(name="Agglomération de Chaumont", kind="local_authority")
    PartnershipFactory(territory=territory, organisation=chaumont)
    elu = PersonFactory(
        first_name="Christine",
        last_name="Guillemy",
        organisation=chaumont,
        email="c.guillemy@agglo.fr",
        phone="03 25 00 00 01",
    )
    industriel = PersonFactory(first_name="Delphine", last_name="Descorne-Jeanny")
    chef = PersonFactory(first_name="Jean-Joseph", last_name="Philippon", phone="03 25 00 00 02")
    GovernanceRoleFactory(territory=territory, person=elu, role="elected_pilot")
    GovernanceRoleFactory(
        territory=territory, person=industriel, role="industrial_pilot", organisation=nogentech
    )
    GovernanceRoleFactory(territory=territory, person=chef, role="project_manager")
    GovernanceRoleFactory(
        territory=territory, person=PersonFactory(last_name="Ruel"), role="project_committee"
    )
    GovernanceRoleFactory(
        territory=territory,
        person=PersonFactory(first_name="Arnaud", last_name="Gauthier"),
        role="other",
        note="Hôte de l'After Work",
    )
    nogentech.email = "contact@nogentech.fr"
    nogentech.save()
    return {"elu": elu, "chef": chef}


def group(html, key):
    return html.split(f'data-group="{key}"')[1].split("</section>")[0]


# The directory page --------------------------------------------------------------------


def test_public_directory_shows_names_roles_and_organisations_without_contacts(
    territory, governance, login
):
    response = login().get(url("index", territory))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Christine Guillemy" in group(html, "elected_pilot")
    assert "Agglomération de Chaumont" in group(html, "elected_pilot")
    assert "Delphine Descorne-Jeanny" in group(html, "industrial_pilot")
    assert "Nogentech" in group(html, "industrial_pilot")  # the seat's "au titre de"
    assert "Jean-Joseph Philippon" in group(html, "project_manager")
    assert "Ruel" in group(html, "project_committee")
    assert "Non renseigné" in group(html, "monitoring_committee")
    assert "Arnaud Gauthier" in group(html, "other") and "Hôte de l" in group(html, "other")
    keys = ["elected_pilot", "industrial_pilot", "project_manager", "project_committee"]
    keys += ["monitoring_committee", "other"]
    positions = [html.index(f'data-group="{key}"') for key in keys]
    assert positions == sorted(positions)
    partners = html.split('id="partenaires"')[1]
    assert "Nogentech" in partners and "Cluster" in partners
    for secret in ("c.guillemy@agglo.fr", "03 25 00 00 01", "03 25 00 00 02"):
        assert secret not in html
    assert "contact@nogentech.fr" not in html and 'data-contact="1"' not in html
    assert "réservées aux membres" in html
    assert "Ajouter une personne" not in html and "Retirer" not in html


def test_members_see_contact_details_but_not_the_management_links(
    territory, governance, reader, login
):
    html = login(reader).get(url("index", territory)).content.decode()

    assert "mailto:c.guillemy@agglo.fr" in html and "tel:03 25 00 00 02" in html
    assert "contact@nogentech.fr" in html
    assert "Ajouter une personne" not in html and "Modifier ou terminer" not in html


def test_editors_see_management_links_and_ended_roles(territory, governance, editor, login):
    GovernanceRoleFactory(
        territory=territory,
        person=PersonFactory(last_name="Ancien"),
        role="project_manager",
        until="2020-01-31",
    )
    html = login(editor).get(url("index", territory)).content.decode()

    assert url("person_add", territory) in html and url("partner_add", territory) in html
    assert html.count("Modifier ou terminer le rôle") == 5
    assert "Ancien" not in group(html, "project_manager")
    assert "Rôles terminés (1)" in html and "31 janvier 2020" in html


def test_unknown_territory_is_404(db, login, national):
    assert login().get("/territoires/0000/annuaire/").status_code == 404
    assert login(national).get("/territoires/0000/annuaire/personnes/ajouter/").status_code == 404


def test_territory_page_links_to_the_directory(territory, login):
    html = login().get(reverse("territories:detail", args=[territory.code])).content.decode()
    assert url("index", territory) in html


# Access to the management pages --------------------------------------------------------


@pytest.mark.parametrize("actor", [None, "reader", "contributor", "region_officer"])
def test_management_pages_are_refused_and_write_nothing(
    request, territory, governance, nogentech, login, actor
):
    user = request.getfixturevalue(actor) if actor else None
    client = login(user)
    seat = GovernanceRole.objects.get(role="project_manager")
    partnership = Partnership.objects.get(organisation=nogentech)
    before = (Person.objects.count(), GovernanceRole.objects.count(), Partnership.objects.count())

    gets = [url("person_add", territory), url("partner_add", territory)]
    gets += [url("role_edit", territory, seat.pk), url("person_edit", territory, seat.person_id)]
    refused = 403 if user else 302  # an anonymous visitor is sent to the login page
    for page in gets:
        response = client.get(page)
        assert response.status_code == refused, page
        if not user:
            assert response["Location"] == f"/compte/connexion/?next={page}"
    posts = [
        (url("person_add", territory), {"last_name": "Intrus", "role": "other"}),
        (url("role_add", territory), {"person": seat.person_id, "role": "other"}),
        (url("role_end", territory, seat.pk), {}),
        (url("partner_remove", territory, partnership.pk), {}),
        (url("partner_create", territory), {"name": "Intrus", "kind": "company"}),
    ]
    for page, data in posts:
        response = client.post(page, data)
        assert response.status_code == refused, page
    if user:
        assert "annuaire" in response.content.decode()
    after = (Person.objects.count(), GovernanceRole.objects.count(), Partnership.objects.count())
    assert after == before
    seat.refresh_from_db()
    assert seat.until is None


def test_a_role_of_another_territory_is_404_for_an_editor(territory, editor, login):
    foreign = GovernanceRoleFactory(territory=TerritoryFactory(), role="other")
    client = login(editor)
    assert client.get(url("role_edit", territory, foreign.pk)).status_code == 404
    assert client.post(url("role_end", territory, foreign.pk)).status_code == 404
    assert client.get(url("person_edit", territory, foreign.person_id)).status_code == 404


# Adding people --------------------------------------------------------------------------


def test_editor_adds_a_person_with_a_role(territory, nogentech, editor, login):
    data = {
        "first_name": "Marc",
        "last_name": "Nicolas",
        "job_title": "Directeur",
        "email": "marc@nogentech.fr",
        "phone": "06 00 00 00 00",
        "organisation": nogentech.pk,
        "role": "monitoring_committee",
        "note": "",
        "since": "2020-03-01",
    }
    client = login(editor)
    response = client.post(url("person_add", territory), data)

    assert response.status_code == 302
    assert response["Location"] == url("index", territory) + "#monitoring_committee"
    seat = GovernanceRole.objects.select_related("person").get()
    assert (seat.person.full_name, seat.person.organisation, str(seat.since)) == (
        "Marc Nicolas",
        nogentech,
        "2020-03-01",
    )
    html = client.get(response["Location"]).content.decode()
    assert "Marc Nicolas figure maintenant dans l&#x27;annuaire" in html
    assert "Marc Nicolas" in group(html, "monitoring_committee")


def test_add_person_page_offers_only_the_territory_organisations(
    territory, other_territory, nogentech, editor, login
):
    foreign = OrganisationFactory(name="Entreprise vosgienne")
    PartnershipFactory(territory=other_territory, organisation=foreign)

    html = login(editor).get(url("person_add", territory)).content.decode()

    assert "Nogentech" in html and "Entreprise vosgienne" not in html


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"first_name": "", "last_name": ""}, "Indiquez au moins le nom ou le prénom."),
        ({"email": "pas-une-adresse"}, "Saisissez une adresse de courriel valide."),
        ({"role": "president"}, "Choisissez un rôle dans la liste."),
        ({"role": ""}, "Ce champ est obligatoire."),
        ({"organisation": "abc"}, "Sélectionnez un choix valide"),
        ({"organisation": "999999"}, "Sélectionnez un choix valide"),
        ({"since": "31/02/2020"}, "Saisissez une date valide."),
        ({"new_organisation_name": "Agglo"}, "Choisissez le type de la nouvelle organisation."),
        (
            {
                "new_organisation_name": "Agglo",
                "new_organisation_kind": "local_authority",
                "new_organisation_siren": "123456789",
            },
            "SIREN invalide",
        ),
    ],
)
def test_add_person_errors_are_shown_in_french(territory, editor, login, overrides, message):
    data = {"first_name": "Marc", "last_name": "Nicolas", "role": "other"}
    data.update(overrides)

    response = login(editor).post(url("person_add", territory), data)

    assert response.status_code == 400
    html = response.content.decode()
    assert message in html.replace("&#x27;", "'")
    assert "fr-error-text" in html or "fr-alert--error" in html
    assert not Person.objects.exists() and not Organisation.objects.exists()


def test_give_another_role_to_a_person_of_the_directory(territory, governance, editor, login):
    chef = governance["chef"]
    client = login(editor)

    response = client.post(url("role_add", territory), {"person": chef.pk, "role": "other"})
    assert response.status_code == 302
    assert set(GovernanceRole.objects.filter(person=chef).values_list("role", flat=True)) == {
        "project_manager",
        "other",
    }
    response = client.post(url("role_add", territory), {"person": chef.pk, "role": "other"})
    assert response.status_code == 400
    assert "est déjà « Contact » du territoire" in response.content.decode()
    outsider = PersonFactory()
    response = client.post(url("role_add", territory), {"person": outsider.pk, "role": "other"})
    assert response.status_code == 400
    assert "Sélectionnez un choix valide" in response.content.decode()


# Roles and people ---------------------------------------------------------------------


def test_change_then_end_a_role(territory, governance, nogentech, editor, login):
    seat = GovernanceRole.objects.get(role="project_manager")
    client = login(editor)
    page = client.get(url("role_edit", territory, seat.pk))
    assert page.status_code == 200 and "Mettre fin au rôle" in page.content.decode()

    data = {"role": "project_committee", "organisation": nogentech.pk, "note": "Suppléant"}
    response = client.post(url("role_edit", territory, seat.pk), data)
    assert response.status_code == 302
    seat.refresh_from_db()
    assert (seat.role, seat.organisation, seat.note) == (
        "project_committee",
        nogentech,
        "Suppléant",
    )

    response = client.post(url("role_end", territory, seat.pk), {"until": ""})
    assert response.status_code == 302
    seat.refresh_from_db()
    assert seat.until is not None
    html = client.get(url("index", territory)).content.decode()
    assert "Philippon" not in group(html, "project_committee")


def test_malformed_role_edit_and_end_are_reported(territory, governance, editor, login):
    seat = GovernanceRole.objects.get(role="project_manager")
    client = login(editor)

    response = client.post(url("role_edit", territory, seat.pk), {"role": "elected_pilot' --"})
    assert response.status_code == 400
    assert "Choisissez un rôle dans la liste." in response.content.decode()
    response = client.post(url("role_end", territory, seat.pk), {"until": "hier"}, follow=True)
    assert "Date de fin invalide" in response.content.decode()
    response = client.post(url("role_end", territory, seat.pk), {"until": "1990-01-01"})
    seat.refresh_from_db()
    assert seat.until == __import__("datetime").date(1990, 1, 1)  # no start date: accepted
    response = client.post(url("role_end", territory, seat.pk), {}, follow=True)
    assert "déjà pris fin le 01/01/1990" in response.content.decode()


def test_edit_a_person_shared_with_another_territory(
    territory, other_territory, governance, editor, login
):
    chef = governance["chef"]
    GovernanceRoleFactory(territory=other_territory, person=chef, role="other")
    client = login(editor)
    page = client.get(url("person_edit", territory, chef.pk)).content.decode()
    assert "aussi dans l’annuaire de : Vosges" in page

    data = {"first_name": "Jean-Joseph", "last_name": "Philippon", "email": "jj@agglo.fr"}
    response = client.post(url("person_edit", territory, chef.pk), data)
    assert response.status_code == 302
    chef.refresh_from_db()
    assert chef.email == "jj@agglo.fr"
    response = client.post(url("person_edit", territory, chef.pk), {"email": "x"})
    assert response.status_code == 400
    assert "Indiquez au moins le nom ou le prénom." in response.content.decode()


# Partners -------------------------------------------------------------------------------


def test_search_then_add_an_existing_partner(territory, nogentech, editor, login):
    bpi = OrganisationFactory(name="Bpifrance", kind="national_operator", siren="542065479")
    client = login(editor)

    html = client.get(url("partner_add", territory), {"q": "542065"}).content.decode()
    assert f'data-organisation="{bpi.pk}"' in html
    html = client.get(url("partner_add", territory), {"q": "nogent"}).content.decode()
    assert "Aucune organisation trouvée" in html  # already a partner
    response = client.post(
        url("partner_add", territory) + "?q=bpi",
        {"organisation": bpi.pk, "description": "Financement"},
    )
    assert response.status_code == 302
    assert response["Location"].endswith("#partenaires")
    assert Partnership.objects.get(organisation=bpi).description == "Financement"
    response = client.post(url("partner_add", territory), {"organisation": bpi.pk})
    assert response.status_code == 400
    assert "est déjà partenaire du territoire" in response.content.decode()
    response = client.post(url("partner_add", territory), {"organisation": "x"})
    assert response.status_code == 400
    assert "Organisation introuvable" in response.content.decode()


def test_create_a_new_partner_and_its_siren_errors(territory, editor, login):
    client = login(editor)
    data = {"name": "STEF Transport Langres", "kind": "company", "siren": "123 456 789"}

    response = client.post(url("partner_create", territory), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "SIREN invalide : 9 chiffres attendus" in html
    assert 'value="STEF Transport Langres"' in html  # what was typed is kept
    assert not Organisation.objects.exists()

    data.update(siren="", siret="732 829 320 00074", city="Langres", kind="alien")
    response = client.post(url("partner_create", territory), data)
    assert response.status_code == 400
    assert "Choisissez un type dans la liste." in response.content.decode()

    data["kind"] = "company"
    response = client.post(url("partner_create", territory), data)
    assert response.status_code == 302
    stef = Organisation.objects.get()
    assert (stef.siren, stef.siret) == ("732829320", "73282932000074")
    assert Partnership.objects.filter(territory=territory, organisation=stef).exists()


def test_remove_a_partner(territory, nogentech, editor, login):
    partnership = Partnership.objects.get(organisation=nogentech)
    response = login(editor).post(url("partner_remove", territory, partnership.pk))
    assert response.status_code == 302
    assert not Partnership.objects.exists()
    assert login(editor).post(url("partner_remove", territory, partnership.pk)).status_code == 404


# Query count ------------------------------------------------------------------------------


def build_directory(size):
    territory = TerritoryFactory()
    roles = ["elected_pilot", "project_committee", "monitoring_committee", "other"]
    for index in range(size):
        organisation = OrganisationFactory()
        PartnershipFactory(territory=territory, organisation=organisation)
        person = PersonFactory(organisation=organisation, email=f"p{index}@example.org")
        GovernanceRoleFactory(
            territory=territory, person=person, role=roles[index % 4], organisation=organisation
        )
        GovernanceRoleFactory(territory=territory, role="project_manager", until="2020-01-01")
    return territory


@pytest.mark.parametrize("role", [None, "reader", "editor"])
def test_directory_query_count_does_not_grow(login, role):
    counts = []
    for size in (3, 30):
        territory = build_directory(size)
        user = member(territory, role) if role else None
        client = login(user)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url("index", territory))
        assert response.status_code == 200
        assert response.content.decode().count("data-role-id=") == size
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
