"""The dashboards' pages: public and complete versions, the regional and territorial
ones, their filters, the lists behind the figures and the CSV files."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from territoires.plans.models import Status, Visibility
from territoires.programmes.services import ensure_territoires_d_industrie

from ..factories import (
    ActionSheetFactory,
    DepartmentFactory,
    FundingLineFactory,
    MembershipFactory,
    OrganisationFactory,
    RegionFactory,
    ScopeFactory,
    TerritoryFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    programme = ensure_territoires_d_industrie()
    grand_est = RegionFactory(code="44", name="Grand Est")
    bretagne = RegionFactory(code="53", name="Bretagne")
    own = TerritoryFactory(programme=programme, code="4403", region=grand_est)
    other = TerritoryFactory(programme=programme, code="5301", region=bretagne)
    recruter = programme.axes.get(code="recruter")
    public = ActionSheetFactory(territory=own, code="F1", title="Vitrine", axis=recruter)
    restricted = ActionSheetFactory(
        territory=own,
        code="F2",
        title="Confidentiel",
        visibility=Visibility.RESTRICTED,
        status=Status.VALIDATED,
        end_date=timezone.localdate() - datetime.timedelta(days=3),
    )
    ActionSheetFactory(territory=other, code="F1", title="Breton")
    FundingLineFactory(
        sheet=restricted,
        financer=OrganisationFactory(name="=Banque des Territoires"),
        amount=250000,
        status="granted",
    )
    own.is_fragile, own.fragile_reason = True, "Chef de projet absent"
    own.save()
    return {"own": own, "other": other, "public": public, "restricted": restricted}


def get(user, url):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client.get(url)


def national():
    return reverse("dashboards:national")


def test_the_public_national_dashboard_counts_published_fiches_only(world):
    response = get(None, national())
    html = response.content.decode()
    assert response.status_code == 200
    assert "Version publique" in html
    assert 'data-figure-total="sheets">2<' in html
    assert "Banque des Territoires" not in html and "Chef de projet absent" not in html
    assert 'id="figure-financeurs"' not in html


def test_the_national_team_reads_everything(world):
    html = get(ScopeFactory(kind="national").user, national()).content.decode()
    assert "Version complète" in html
    assert 'data-figure-total="sheets">3<' in html
    assert 'data-figure-total="late">1<' in html
    assert 'data-figure-total="committed">1<' in html
    assert "250 000,00 €" in html.replace("\xa0", " ").replace("\u202f", " ")
    assert "Chef de projet absent" in html


def test_a_region_reads_its_regional_dashboard_complete(world):
    officer = ScopeFactory(kind="region", region=world["own"].region).user
    html = get(officer, national()).content.decode()
    assert "Version publique" in html
    assert reverse("dashboards:region", args=["44"]) in html
    html = get(officer, reverse("dashboards:region", args=["44"])).content.decode()
    assert "Version complète" in html and 'data-figure-total="sheets">2<' in html
    html = get(officer, reverse("dashboards:region", args=["53"])).content.decode()
    assert "Version publique" in html and 'data-figure-total="sheets">1<' in html


def test_the_territorial_dashboard_for_its_members_and_the_public(world):
    url = reverse("dashboards:territory", args=["4403"])
    reader = MembershipFactory(territory=world["own"], role="reader").user
    html = get(reader, url).content.decode()
    assert "Version complète" in html and 'data-figure-total="sheets">2<' in html
    html = get(None, url).content.decode()
    assert 'data-figure-total="sheets">1<' in html


def test_a_count_changes_when_a_fiche_changes_status(world):
    user = ScopeFactory(kind="national").user
    before = get(user, national()).content.decode()
    assert '<tr data-key="validated">' in before
    world["public"].status = Status.VALIDATED
    world["public"].save(update_fields=["status"])
    after = get(user, national()).content.decode()
    row = after.split('<tr data-key="validated">')[1].split("</tr>")[0]
    assert "data-count>2<" in row


def test_bad_filters_are_ignored_in_french(world):
    url = national() + "?region=ZZ&axis=%27%22&since=demain&until=2019-13-45&page=x"
    response = get(None, url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "filtre ignoré" in html
    assert 'data-figure-total="sheets">2<' in html


def test_the_lists_behind_the_figures(world):
    user = ScopeFactory(kind="national").user
    html = get(user, reverse("dashboards:sheets") + "?late=1").content.decode()
    assert "Confidentiel" in html and "Vitrine" not in html
    html = get(None, reverse("dashboards:sheets") + "?region=44").content.decode()
    assert "Vitrine" in html and "Confidentiel" not in html and "Breton" not in html
    html = get(None, reverse("dashboards:territories") + "?stage=-").content.decode()
    assert "4403" in html and "Chef de projet absent" not in html


def test_money_and_fragility_lists_are_refused_to_the_public(world):
    for url in (
        reverse("dashboards:sheets") + "?committed=1",
        reverse("dashboards:territories") + "?fragile=1",
        reverse("dashboards:csv", args=["financeurs"]),
    ):
        assert get(None, url).status_code == 302
        signed_in = MembershipFactory(territory=world["other"], role="reader").user
        assert get(signed_in, url).status_code == 403


def test_a_figure_as_csv_is_safe_for_spreadsheets(world):
    user = ScopeFactory(kind="national").user
    response = get(user, reverse("dashboards:csv", args=["financeurs"]))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = response.content.decode("utf-8-sig")
    assert text.splitlines()[0] == "Financeur;Fiches avec un engagement ferme;Montant engagé (€)"
    assert "'=Banque des Territoires;1;250000" in text
    text = get(None, reverse("dashboards:csv", args=["axes"]) + "?region=44").content.decode(
        "utf-8-sig"
    )
    assert "Recruter;1;100.0" in text
    assert get(None, reverse("dashboards:csv", args=["inconnue"])).status_code == 404


def test_the_department_map_has_its_table_and_csv_naming_each_department(world):
    haute_marne = DepartmentFactory(code="52", name="Haute-Marne", region=world["own"].region)
    world["own"].departments.add(haute_marne)
    html = get(None, national()).content.decode()
    assert 'data-department="52"' in html and 'svg xmlns="http://www.w3.org/2000/svg"' in html
    assert '<tr data-key="52"><th scope="row">Haute-Marne (52)</th>' in html
    text = get(None, reverse("dashboards:csv", args=["departements"])).content.decode("utf-8-sig")
    assert text.splitlines() == ["Département;Nom;Territoires;Fiches", "52;Haute-Marne;1;1"]


def test_a_prefecture_reads_its_department_complete_from_the_national_dashboard(world):
    haute_marne = DepartmentFactory(code="52", name="Haute-Marne", region=world["own"].region)
    world["own"].departments.add(haute_marne)
    prefect = ScopeFactory(kind="state", department=haute_marne).user
    html = get(prefect, national()).content.decode()
    assert "Version publique" in html and "?department=52" in html
    html = get(prefect, national() + "?department=52").content.decode()
    assert "Version complète" in html and 'data-figure-total="sheets">2<' in html
    assert "Chef de projet absent" in html


def test_the_maps_legends_say_their_unit_in_french_singular_and_plural(world):
    haute_marne = DepartmentFactory(code="52", name="Haute-Marne", region=world["own"].region)
    world["own"].departments.add(haute_marne)
    html = get(None, national()).content.decode()
    assert "0 territoire<" in html and "1 territoire<" in html
    assert "0 fiche<" in html and "0 territoires" not in html and "1 territoires" not in html
