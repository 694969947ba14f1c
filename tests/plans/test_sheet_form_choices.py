"""The fiche form offers the people and organisations of the territory's directory only."""

import re

import pytest
from django.urls import reverse

from territoires.plans.models import ActionSheet

from ..factories import (
    ActionSheetFactory,
    GovernanceRoleFactory,
    OrganisationFactory,
    PartnershipFactory,
    PersonFactory,
    TerritoryFactory,
)
from .test_views_form import edit_data, form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def directory(territory):
    """4403's chef de projet (of the Agglomération), a partner, and a stranger of 4412."""
    agglo = OrganisationFactory(name="Agglomération de Chaumont")
    chef = PersonFactory(first_name="Jean-Joseph", last_name="Philippon", organisation=agglo)
    GovernanceRoleFactory(territory=territory, person=chef, role="project_manager")
    nogentech = OrganisationFactory(name="Nogentech")
    PartnershipFactory(territory=territory, organisation=nogentech)
    gone = PersonFactory(first_name="Ancien", last_name="Membre")
    GovernanceRoleFactory(territory=territory, person=gone, role="other", until="2020-01-01")
    vosges = TerritoryFactory(code="4412")
    stranger = PersonFactory(first_name="Contact", last_name="Vosgien")
    GovernanceRoleFactory(territory=vosges, person=stranger, role="project_manager")
    foreign = OrganisationFactory(name="Entreprise vosgienne")
    PartnershipFactory(territory=vosges, organisation=foreign)
    return {
        "chef": chef,
        "agglo": agglo,
        "nogentech": nogentech,
        "gone": gone,
        "stranger": stranger,
        "foreign": foreign,
    }


def options(html, name):
    """The labels offered by the list `name`: a select's options, or the checkboxes of
    a list of checkboxes."""
    select = re.search(rf'<select name="{name}".*?</select>', html, re.S)
    if select:
        return set(re.findall(r"<option value=\"\d+\"[^>]*>([^<]+)</option>", select.group(0)))
    boxes = re.search(rf'<fieldset[^>]*id="id_{name}".*?</fieldset>', html, re.S).group(0)
    return set(re.findall(r'<label class="fr-label" for="id_[^"]+">([^<]+)</label>', boxes))


def test_create_form_offers_the_directory_only(territory, directory, login, editor):
    html = login(editor).get(reverse("plans:sheet_create", args=[territory.code])).content
    html = html.decode()

    assert options(html, "pilots") == {"Jean-Joseph Philippon"}
    assert options(html, "presenter") == {"Jean-Joseph Philippon"}
    assert options(html, "lead_organisation") == {"Agglomération de Chaumont", "Nogentech"}
    assert options(html, "partners") == {"Agglomération de Chaumont", "Nogentech"}
    directory_url = reverse("directory:index", args=[territory.code])
    assert "Personne absente de la liste ?" in html
    link = f'<a href="{directory_url}">Ajoutez-la à l\'annuaire du territoire</a>'
    assert link in html


def test_edit_form_keeps_the_fiche_current_people_and_organisations(
    territory, directory, login, editor
):
    sheet = ActionSheetFactory(
        territory=territory,
        presenter=directory["gone"],
        lead_organisation=directory["foreign"],
    )
    legacy = PersonFactory(first_name="Pilote", last_name="Historique")
    sheet.pilots.add(legacy)
    sheet.partners.add(OrganisationFactory(name="Ancien partenaire"))

    html = login(editor).get(reverse("plans:sheet_edit", args=[territory.code, sheet.code]))
    html = html.content.decode()

    assert options(html, "pilots") == {
        "Jean-Joseph Philippon",
        "Ancien Membre",
        "Pilote Historique",
    }
    assert "Contact Vosgien" not in html
    assert options(html, "partners") == {
        "Agglomération de Chaumont",
        "Nogentech",
        "Entreprise vosgienne",
        "Ancien partenaire",
    }
    # The current ones can be kept when saving.
    data = edit_data(sheet, presenter=directory["gone"].pk, title="Titre revu")
    data["lead_organisation"] = directory["foreign"].pk
    data["partners"] = [o.pk for o in sheet.partners.all()]
    response = login(editor).post(
        reverse("plans:sheet_edit", args=[territory.code, sheet.code]), data
    )
    assert response.status_code == 302, response.content.decode()


@pytest.mark.parametrize(
    "field, key",
    [
        ("pilots", "stranger"),
        ("presenter", "stranger"),
        ("lead_organisation", "foreign"),
        ("partners", "foreign"),
    ],
)
def test_posting_another_territory_choice_is_an_invalid_choice(
    territory, axes, directory, login, editor, field, key
):
    value = directory[key].pk
    data = form_data(
        axes["recruter"], **{field: [value] if field in ("pilots", "partners") else value}
    )

    response = login(editor).post(reverse("plans:sheet_create", args=[territory.code]), data)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Sélectionnez un choix valide" in html
    assert not ActionSheet.objects.filter(territory=territory).exists()


def test_a_directory_person_is_accepted_as_pilot(territory, axes, directory, login, editor):
    chef = directory["chef"]
    data = form_data(
        axes["recruter"],
        pilots=[chef.pk],
        presenter=chef.pk,
        lead_organisation=directory["agglo"].pk,
        partners=[directory["nogentech"].pk],
    )

    response = login(editor).post(reverse("plans:sheet_create", args=[territory.code]), data)

    assert response.status_code == 302
    sheet = ActionSheet.objects.get(territory=territory)
    assert list(sheet.pilots.all()) == [chef] and sheet.presenter == chef
    assert sheet.lead_organisation == directory["agglo"]
    assert list(sheet.partners.all()) == [directory["nogentech"]]
