"""The programme's home and a territory's page: identity, governance and the plan table."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from territoires.accounts.models import Membership
from territoires.plans.models import Status, Visibility

from ..factories import (
    ActionSheetFactory,
    EpciFactory,
    GovernanceRoleFactory,
    OrganisationFactory,
    PartnershipFactory,
    PersonFactory,
    RegionFactory,
    StageFactory,
    TerritoryEpciFactory,
    TerritoryFactory,
    member,
)

pytestmark = pytest.mark.django_db

# The plan presented at the After Work of 9 September 2019 in Langres.
LANGRES_PLAN = [
    ("attirer", "F2.0", "Marketing territorial et prospection", ""),
    ("attirer", "F2.1", "Renforcer l'offre foncière et immobilière d'activités", ""),
    ("attirer", "F2.2", "Prospection d'entreprises", ""),
    ("attirer", "F13", "French tech tour", ""),
    ("attirer", "F10", "Accueil des actifs", ""),
    ("attirer", "F3", "Mobilité", "Jean-François"),
    ("attirer", "F1", "Services aux entreprises et aux salariés en zone d'activité", ""),
    ("recruter", "F8", "Attractivité des métiers de l'industrie", ""),
    ("recruter", "F9", "Offre de formation maintenance industrielle", ""),
    ("recruter", "F12", "Plate-forme RH partagée", ""),
    ("innover", "F11", "Sous-traitance automobile, adaptation aux automobiles de demain", ""),
    ("innover", "F6", "Plateforme d'usinage électromécanique de précision", ""),
    ("simplifier", "F4", "Faciliter l'instruction des ICPE", ""),
    ("simplifier", "F5", "Dérogation temporaire inconstructibilité ZAE autoroute Semoutiers", ""),
    ("simplifier", "F7", "Marquage CE dans le secteur médical", ""),
]


@pytest.fixture
def langres():
    region = RegionFactory(code="44", name="Grand Est")
    territory = TerritoryFactory(code="4403", name="Chaumont – Langres", region=region)
    axes = {a.code: a for a in territory.programme.axes.all()}
    presenter = PersonFactory(first_name="Jean-François", last_name="Mobilité")
    for axis, code, title, who in LANGRES_PLAN:
        ActionSheetFactory(
            territory=territory,
            axis=axes[axis],
            code=code,
            title=title,
            presenter=presenter if who else None,
            visibility=Visibility.PUBLIC,
        )
    return territory


def client_for(user=None):
    client = Client()
    if user:
        client.force_login(user)
    return client


def territory_url(territory, **params):
    url = reverse("territories:detail", args=[territory.code])
    if params:
        from urllib.parse import urlencode

        url += "?" + urlencode(params)
    return url


def plan_codes(html):
    import re

    return re.findall(r'<tr data-sheet="([^"]+)">', html)


def test_home_groups_territories_by_region_with_visible_counts(langres):
    stage = StageFactory(programme=langres.programme, name="Plan d'actions validé")
    langres.stage = stage
    langres.save()
    bretagne = RegionFactory(code="53", name="Bretagne")
    lorient = TerritoryFactory(code="5301", name="Lorient", region=bretagne)
    ActionSheetFactory(territory=lorient, visibility=Visibility.RESTRICTED)
    response = client_for().get(reverse("home:index"))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.index("Bretagne") < html.index("Grand Est")
    assert "Plan d&#x27;actions validé" in html
    assert reverse("territories:detail", args=["4403"]) in html
    row = html.split('data-territory="4403"')[1].split("</tr>")[0]
    assert ">15<" in row
    row = html.split('data-territory="5301"')[1].split("</tr>")[0]
    assert ">0<" in row  # the restricted fiche is not counted for the public
    reader = member(lorient, Membership.Role.READER)
    html = client_for(reader).get(reverse("home:index")).content.decode()
    assert ">1<" in html.split('data-territory="5301"')[1].split("</tr>")[0]


def test_plan_table_follows_axes_then_natural_code_order(langres):
    response = client_for().get(territory_url(langres))
    assert response.status_code == 200
    html = response.content.decode()
    assert plan_codes(html) == [
        "F1",
        "F2.0",
        "F2.1",
        "F2.2",
        "F3",
        "F10",
        "F13",
        "F8",
        "F9",
        "F12",
        "F6",
        "F11",
        "F4",
        "F5",
        "F7",
    ]
    for header in ("Axe", "Fiche", "Titre", "Présentateur", "Statut", "Visibilité"):
        assert f'<th scope="col">{header}</th>' in html
    row = html.split('data-sheet="F3"')[1].split("</tr>")[0]
    assert "Attirer" in row and "Mobilité" in row and "Jean-François Mobilité" in row
    assert "fr-table" in html


def test_status_late_and_restricted_badges(langres):
    reader = member(langres, Membership.Role.READER)
    ActionSheetFactory(
        territory=langres,
        code="F14",
        visibility=Visibility.RESTRICTED,
        status=Status.IN_PROGRESS,
        end_date=datetime.date(2020, 6, 30),
    )
    html = client_for(reader).get(territory_url(langres)).content.decode()
    row = html.split('data-sheet="F14"')[1].split("</tr>")[0]
    assert "En cours" in row and "En retard" in row
    assert "fr-icon-lock-line" in row and "Restreinte" in row
    # The public does not see the restricted fiche at all.
    assert "F14" not in plan_codes(client_for().get(territory_url(langres)).content.decode())


def test_filters_by_axis_status_and_text(langres):
    sheet = langres.action_sheets.get(code="F9")
    sheet.status = Status.VALIDATED
    sheet.save()
    client = client_for()
    assert plan_codes(client.get(territory_url(langres, axis="recruter")).content.decode()) == [
        "F8",
        "F9",
        "F12",
    ]
    assert plan_codes(client.get(territory_url(langres, status="validated")).content.decode()) == [
        "F9"
    ]
    html = client.get(territory_url(langres, q="foncière")).content.decode()
    assert plan_codes(html) == ["F2.1"]
    html = client.get(territory_url(langres, q="fonciere", axis="attirer")).content.decode()
    assert plan_codes(html) == ["F2.1"]  # accents do not matter


def test_malformed_filters_are_reported_not_crashing(langres):
    response = client_for().get(territory_url(langres, status="flying", axis="nowhere"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "filtre ignoré" in html
    assert len(plan_codes(html)) == 15


def test_htmx_request_gets_only_the_plan_table(langres):
    response = client_for().get(territory_url(langres, axis="simplifier"), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith("") and "<html" not in html
    assert 'id="plan-table"' in html
    assert plan_codes(html) == ["F4", "F5", "F7"]
    assert "HX-Request" in response["Vary"]


def test_territory_header_epci_and_governance(langres):
    from territoires.referential.models import Department

    haute_marne = Department.objects.create(code="52", name="Haute-Marne", region=langres.region)
    langres.departments.add(haute_marne)
    langres.stage = StageFactory(programme=langres.programme, name="Gouvernance installée")
    langres.save()
    chaumont = EpciFactory(siren="200068682", name="CA de Chaumont", kind="CA")
    grand_langres = EpciFactory(siren="200069656", name="CC du Grand Langres", kind="CC")
    TerritoryEpciFactory(territory=langres, epci=chaumont)
    TerritoryEpciFactory(
        territory=langres, epci=grand_langres, communes_in_territory=40, communes_in_epci=54
    )
    nogentech = OrganisationFactory(name="Nogentech", kind="cluster", email="contact@nogentech.fr")
    elu = PersonFactory(first_name="Christine", last_name="Guillemy", email="c.guillemy@agglo.fr")
    industriel = PersonFactory(first_name="Delphine", last_name="Descorne-Jeanny")
    chef = PersonFactory(first_name="Jean-Joseph", last_name="Philippon", phone="03 25 00 00 00")
    GovernanceRoleFactory(territory=langres, person=elu, role="elected_pilot")
    GovernanceRoleFactory(
        territory=langres, person=industriel, role="industrial_pilot", organisation=nogentech
    )
    GovernanceRoleFactory(territory=langres, person=chef, role="project_manager")
    GovernanceRoleFactory(
        territory=langres, person=PersonFactory(last_name="Ruel"), role="project_committee"
    )
    PartnershipFactory(territory=langres, organisation=nogentech, description="Cluster industriel")

    html = client_for().get(territory_url(langres)).content.decode()
    for text in [
        "Chaumont – Langres",
        "4403",
        "Grand Est",
        "Haute-Marne (52)",
        "Gouvernance installée",
        "2019",
        "CA de Chaumont",
        "200068682",
        "Communauté d&#x27;agglomération",
        "CC du Grand Langres",
        "Partiel : 40 communes sur 54",
        "Binôme",
        "Christine Guillemy",
        "(élu)",
        "Delphine Descorne-Jeanny",
        "(industriel)",
        "Chef de projet",
        "Jean-Joseph Philippon",
        "Comité de projet",
        "Ruel",
        "Nogentech",
        "Cluster industriel",
    ]:
        assert text in html, text
    assert html.count('data-partial="1"') == 1
    # Contact details are for members only.
    assert "c.guillemy@agglo.fr" not in html and "03 25 00 00 00" not in html
    assert "contact@nogentech.fr" not in html
    html = client_for(member(langres, Membership.Role.READER)).get(territory_url(langres)).content
    html = html.decode()
    assert "c.guillemy@agglo.fr" in html and "03 25 00 00 00" in html
    assert "contact@nogentech.fr" in html


def test_buttons_follow_the_policy(langres):
    url = territory_url(langres)
    html = client_for(member(langres, Membership.Role.EDITOR)).get(url).content.decode()
    assert "Nouvelle fiche" in html and "Corbeille" in html
    for user in (
        None,
        member(langres, Membership.Role.READER),
        member(langres, Membership.Role.CONTRIBUTOR),
    ):
        html = client_for(user).get(url).content.decode()
        assert "Nouvelle fiche" not in html and "Corbeille" not in html


def test_unknown_territory_is_a_french_404(db):
    response = client_for().get("/territoires/9999/")
    assert response.status_code == 404
    assert "Page non trouvée" in response.content.decode()
