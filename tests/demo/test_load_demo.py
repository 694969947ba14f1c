"""`manage.py load_demo` reproduces the article's territory, fiches and story, plus demo
accounts, and running it again changes nothing."""

import datetime
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.utils import timezone

from territoires.accounts.models import Membership, Scope, User
from territoires.audit.models import AuditEvent
from territoires.audit.readers import history_of
from territoires.demo.scale import sources
from territoires.funding.models import Scheme
from territoires.permissions import Policy
from territoires.plans.models import ActionSheet, StatusTransition

pytestmark = pytest.mark.django_db

ARTICLE_TABLE = {
    "F2.0": ("attirer", "marketing territorial et prospection"),
    "F2.1": ("attirer", "renforcer l'offre foncière et immobilière d'activités"),
    "F2.2": ("attirer", "prospection d'entreprises"),
    "F13": ("attirer", "french tech tour"),
    "F10": ("attirer", "accueil des actifs"),
    "F3": ("attirer", "mobilité"),
    "F1": ("attirer", "services aux entreprises et aux salariés en zone d'activité"),
    "F8": ("recruter", "attractivité des métiers de l'industrie"),
    "F9": ("recruter", "offre de formation maintenance industrielle"),
    "F12": ("recruter", "plate-forme rh partagée"),
    "F11": ("innover", "sous-traitance automobile, adaptation aux automobiles de demain"),
    "F6": ("innover", "plateforme d'usinage électromécanique de précision"),
    "F4": ("simplifier", "faciliter l'instruction des icpe"),
    "F5": ("simplifier", "dérogation temporaire inconstructibilité zae autoroute semoutiers"),
    "F7": ("simplifier", "marquage ce dans le secteur médical"),
}
NATURAL_ORDER = ["F1", "F2.0", "F2.1", "F2.2", "F3", "F4", "F5", "F6", "F7", "F8", "F9"]
NATURAL_ORDER += ["F10", "F11", "F12", "F13"]
DOMAIN = "demo.territoires-industrie.fr"


def _load():
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


@pytest.fixture
def output():
    return _load()


def _sheets(code="4403"):
    return ActionSheet.objects.filter(territory__code=code).order_by("sort_key")


def _counts():
    return {
        model._meta.label: model.objects.count()
        for app in (
            "accounts",
            "programmes",
            "referential",
            "organisations",
            "plans",
            "funding",
            "audit",
        )
        for model in apps.get_app_config(app).get_models()
    }


def test_the_fifteen_fiches_of_the_article_in_natural_order(output):
    sheets = list(_sheets().select_related("axis"))

    assert [s.code for s in sheets] == NATURAL_ORDER
    assert {s.code: (s.axis.code, s.title.lower()) for s in sheets} == ARTICLE_TABLE
    assert all(s.title[0].isupper() for s in sheets)
    assert all(s.visibility == "public" and not s.is_example for s in sheets)


def test_only_f3_has_a_presenter_jean_francois(output):
    presenters = {s.code: s.presenter for s in _sheets().select_related("presenter")}

    assert presenters.pop("F3").full_name == "Jean-François"
    assert set(presenters.values()) == {None}


def test_fiches_were_presented_at_both_after_works_through_the_workflow(output):
    for sheet in _sheets():
        assert sheet.status == "presented"
        moves = list(sheet.transitions.order_by("at", "id"))
        dates = [timezone.localtime(m.at).date() for m in moves]
        assert dates == [
            datetime.date(2019, 7, 15),
            datetime.date(2019, 7, 15),
            datetime.date(2019, 9, 9),
            datetime.date(2019, 9, 9),
        ]
        assert [m.to_status for m in moves] == ["proposed", "presented", "proposed", "presented"]
        assert "Nogent" in moves[1].comment
        assert "STEF Transport" in moves[-1].comment
        assert all(m.by.email == f"editeur@{DOMAIN}" for m in moves)
        history = history_of(sheet).order_by("at", "id")
        assert [c.verb for c in history] == ["sheet.created"] + ["sheet.status_changed"] * 4
        assert timezone.localtime(history[0].at).date() == datetime.date(2019, 5, 29)


def test_fields_the_article_does_not_give_stay_empty(output):
    for sheet in _sheets():
        assert sheet.context == sheet.objectives == sheet.expected_results == ""
        assert sheet.budget_total is None and sheet.lead_organisation is None
        assert sheet.start_date is None


def test_territory_4403_with_its_two_epci(output):
    sheet = _sheets().select_related("territory__region").first()
    territory = sheet.territory

    assert territory.name == "Bassins de Langres - Chaumont"
    assert territory.region.code == "44" and territory.region.name == "Grand Est"
    assert list(territory.departments.values_list("code", flat=True)) == ["52"]
    assert territory.labelled_on == datetime.date(2018, 11, 22)
    assert territory.phase == "2019"
    assert sorted(territory.epcis.values_list("siren", "kind")) == [
        ("200068658", "CA"),
        ("200072999", "CC"),
    ]
    partners = set(territory.partnerships.values_list("organisation__name", flat=True))
    assert {
        "Agglomération de Chaumont",
        "Grand Langres",
        "Nogentech",
        "Région Grand Est",
        "STEF Transport Langres",
    } <= partners
    people = {g.person.full_name for g in territory.governance.select_related("person")}
    assert {"Arnaud Gauthier", "Marie-José Ruel", "Delphine Descorne-Jeanny"} <= people


def test_no_binome_nor_chef_de_projet_is_invented(output):
    territory = _sheets().first().territory

    assert set(territory.governance.values_list("role", flat=True)) == {"other"}


def test_second_territory_has_example_fiches_two_of_them_restricted(output):
    sheets = list(_sheets("4412"))

    assert 4 <= len(sheets) <= 5
    assert all(s.is_example and s.title.startswith("Exemple") for s in sheets)
    assert sum(s.visibility == "restricted" for s in sheets) == 2
    assert len({s.status for s in sheets}) >= 4
    assert all(history_of(s).filter(verb="sheet.created").exists() for s in sheets)


def test_demo_accounts_exist_with_their_roles(output):
    def role(local, code):
        return Membership.objects.get(user__email=f"{local}@{DOMAIN}", territory__code=code).role

    assert role("lecteur", "4403") == "reader"
    assert role("contributeur", "4403") == "contributor"
    assert role("editeur", "4403") == "editor"
    assert role("administrateur", "4403") == "admin"
    assert role("editeur.troyes", "4412") == "editor"
    scopes = dict(Scope.objects.values_list("user__email", "kind"))
    assert scopes[f"region@{DOMAIN}"] == "region"
    assert scopes[f"etat@{DOMAIN}"] == "state"
    assert scopes[f"operateur@{DOMAIN}"] == "operator"
    assert scopes[f"national@{DOMAIN}"] == "national"
    national = User.objects.get(email=f"national@{DOMAIN}")
    assert national.is_staff and national.is_superuser
    assert national.check_password("demo-territoires-2026")
    assert all(user.check_password("demo-territoires-2026") for user in User.objects.all())
    assert f"editeur@{DOMAIN}" in output and "demo-territoires-2026" in output


def test_contributor_is_an_example_person_piloting_fiches_it_may_edit(output):
    contributor = User.objects.get(email=f"contributeur@{DOMAIN}")
    person = contributor.people.get()
    piloted = sorted(person.piloted_sheets.values_list("code", flat=True))

    assert person.is_example
    assert piloted == ["F10", "F12"]
    policy = Policy(contributor)
    assert policy.can_edit_sheet(_sheets().get(code="F10"))
    assert not policy.can_edit_sheet(_sheets().get(code="F3"))


def test_roles_across_territories(output):
    troyes_editor = Policy(User.objects.get(email=f"editeur.troyes@{DOMAIN}"))
    state = Policy(User.objects.get(email=f"etat@{DOMAIN}"))
    restricted = _sheets("4412").filter(visibility="restricted").first()

    assert troyes_editor.can_edit_sheet(restricted)
    assert not troyes_editor.can_edit_sheet(_sheets().first())
    assert state.can_validate(_sheets().first().territory)
    assert not state.can_view_sheet(restricted)


def test_second_run_changes_nothing(output):
    before = _counts()
    versions = dict(ActionSheet.objects.values_list("pk", "version"))

    second_output = _load()

    assert _counts() == before
    assert dict(ActionSheet.objects.values_list("pk", "version")) == versions
    assert StatusTransition.objects.count() == before["plans.StatusTransition"]
    assert AuditEvent.objects.count() == before["audit.AuditEvent"]
    assert "0 fiche créée" in second_output


def test_territory_4403_is_labelled_through_a_recorded_stage_change(output):
    from territoires.referential.models import Territory

    territory = Territory.objects.get(code="4403")
    assert territory.stage.code == "labellise"
    (change,) = territory.stage_changes.all()
    assert change.from_stage is None and change.to_stage.code == "labellise"
    assert timezone.localtime(change.at).date() == datetime.date(2018, 11, 22)


def test_fiche_form_offers_the_demo_pilots_and_partners(output):
    from territoires.organisations.services import directory_organisations, directory_people

    territory = _sheets().first().territory
    people = {p.full_name for p in directory_people(territory)}
    organisations = {o.name for o in directory_organisations(territory)}

    assert {"Camille Exemple", "Jean-François", "Marie-José Ruel"} <= people
    assert {"Nogentech", "Grand Langres", "STEF Transport Langres"} <= organisations
    assert "Exemple" not in {
        p.last_name for p in directory_people(_sheets("4412").first().territory)
    }


@pytest.mark.shared_data
def test_the_demo_catalogue_is_the_real_shared_file(output):
    if not (sources.default_data_dir() / sources.SCHEMES_FILE).is_file():
        pytest.skip("../shared/data absent")
    assert "Catalogue des dispositifs (aides-territoires-periurbain.csv)" in output
    assert "Dispositifs rejetés : 0" in output
    assert Scheme.objects.count() == 274
    assert not Scheme.objects.filter(source_url="").exists()
