"""Suggestions of schemes for a fiche: who is a candidate, the score's parts and their
reasons, dismissals; the evaluation against a keyword baseline."""

import datetime
import json
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from territoires.audit.models import AuditEvent
from territoires.funding import financing, suggestions
from territoires.funding.evaluation import evaluate, means, ndcg, precision
from territoires.funding.models import Recurrence
from territoires.plans.models import ActionSheet
from territoires.referential.models import Territory

from ..factories import (
    ActionSheetFactory,
    DepartmentFactory,
    OrganisationFactory,
    SchemeFactory,
    member,
)

pytestmark = pytest.mark.django_db
JUDGMENTS = Path(settings.BASE_DIR) / "territoires" / "funding" / "judgments" / "demo-4403.json"
SHARED_CSV = Path(settings.BASE_DIR).parent / "shared" / "data" / "aides-territoires-periurbain.csv"


@pytest.fixture
def sheet(territory):
    haute_marne = DepartmentFactory(code="52", name="Haute-Marne", region=territory.region)
    Territory.departments.through.objects.create(territory=territory, department=haute_marne)
    recruter = territory.programme.axes.get(code="recruter")
    return ActionSheetFactory(
        territory=territory,
        code="F9",
        title="Offre de formation maintenance industrielle",
        axis=recruter,
    )


def scheme(sheet, name, *, axis=True, **fields):
    fields.setdefault("beneficiaries", ["commune", "epci"])
    made = SchemeFactory(name=name, **fields)
    if axis:
        made.axes.add(sheet.axis)
    return made


def test_candidates_apply_there_are_open_and_the_porteur_may_receive_them(sheet):
    national = scheme(sheet, "Formation aux métiers de la maintenance")
    grand_est = scheme(sheet, "Formations industrielles du Grand Est", places=["r44"])
    haute_marne = scheme(sheet, "Maintenance en Haute-Marne", places=["d52"])
    scheme(sheet, "Formation dans le Morbihan", places=["d56"])
    scheme(sheet, "Formation des particuliers", beneficiaries=["individual"])
    scheme(
        sheet,
        "Formation close",
        recurrence=Recurrence.ONE_OFF,
        deadline=datetime.date(2020, 1, 1),
    )
    scheme(sheet, "Sans rapport", axis=False)

    found = {s.scheme: s for s in suggestions.suggest(sheet)}
    assert set(found) == {national, grand_est, haute_marne}
    assert found[national].reasons == [
        "axe Recruter",
        "éligible aux EPCI",
        "national",
        "mots communs : maintenance, formation",
    ]
    assert "Grand Est" in found[grand_est].reasons
    assert "Grand Est" in found[haute_marne].reasons or "Haute-Marne" in found[haute_marne].reasons


def test_the_score_adds_axis_porteur_place_and_rare_shared_words(sheet):
    words_only = scheme(sheet, "Maintenance industrielle et formation", axis=False)
    axis_only = scheme(sheet, "Recruter des apprentis")
    both = scheme(sheet, "Formation à la maintenance industrielle")
    ranked = [s.scheme for s in suggestions.suggest(sheet)]
    assert ranked == [both, words_only, axis_only]
    company = OrganisationFactory(kind="company")
    sheet.lead_organisation = company
    sheet.save()
    assert suggestions.suggest(sheet) == []  # these schemes are for communes and EPCI
    for_companies = scheme(sheet, "Formation en entreprise", beneficiaries=["company"])
    assert [s.scheme for s in suggestions.suggest(sheet)] == [for_companies]
    assert "éligible aux entreprises" in suggestions.suggest(sheet)[0].reasons


def test_a_dismissed_scheme_or_one_in_the_plan_is_not_suggested_again(sheet):
    editor = member(sheet.territory, "editor")
    dismissed = scheme(sheet, "Formation A")
    planned = scheme(sheet, "Formation B")
    planned.financers.add(OrganisationFactory())
    kept = scheme(sheet, "Formation C")
    suggestions.dismiss(sheet, dismissed, acting_user=editor)
    suggestions.dismiss(sheet, dismissed, acting_user=editor)  # remembered once
    financing.add_line(sheet, acting_user=editor, scheme=planned, amount=0)
    assert [s.scheme for s in suggestions.suggest(sheet)] == [kept]
    assert AuditEvent.objects.filter(verb="funding.suggestion_dismissed").count() == 1
    with pytest.raises(suggestions.PermissionDenied):
        suggestions.dismiss(sheet, kept, acting_user=member(sheet.territory, "reader"))


def test_the_programme_s_words_find_their_synonyms_at_a_lower_weight(territory):
    recruter = territory.programme.axes.get(code="recruter")
    sheet = ActionSheetFactory(territory=territory, title="Plate-forme RH partagée", axis=recruter)
    hr = scheme(sheet, "Aide au recrutement des PME", axis=False)
    platform = scheme(sheet, "Une plateforme partagée", axis=False)
    elected = scheme(sheet, "Former les élus", axis=False)  # the "forme" of plate-forme

    found = suggestions.suggest(sheet)
    assert [s.scheme for s in found] == [platform, hr, elected]  # own words weigh more
    assert "mots communs : partagée, plateforme" in found[0].reasons
    assert "mots proches : recrutement" in found[1].reasons


def test_a_word_of_the_scheme_s_name_counts_more_than_one_of_its_text(sheet):
    in_name = scheme(sheet, "Maintenance", description="Pour les collectivités.")
    in_text = scheme(sheet, "Collectivités", description="Pour la maintenance.")
    ranked = [s.scheme for s in suggestions.suggest(sheet)]
    assert ranked == [in_name, in_text]


def test_ndcg_and_precision_by_hand():
    relevant = {"a", "b"}
    assert ndcg(["a", "b", "x"], relevant) == 1.0
    assert ndcg(["x", "a"], relevant) == pytest.approx((1 / 1.58496) / (1 + 1 / 1.58496), 1e-4)
    assert ndcg(["x", "y"], relevant) == 0.0
    assert precision(["a", "x", "b", "y", "z"], relevant) == 0.4


def test_the_command_compares_the_project_with_the_keyword_search(sheet, tmp_path):
    relevant = scheme(sheet, "Former les salariés aux métiers industriels", places=["r44"])
    scheme(sheet, "Offre de logements pour la formation des apprentis", places=["d56"])
    path = tmp_path / "judgments.json"
    path.write_text(
        json.dumps(
            {
                "territory": sheet.territory.code,
                "relevant": {"F9": [{"source_url": relevant.source_url}], "F99": []},
            }
        ),
        encoding="utf-8",
    )
    rows = evaluate(path)
    assert [row.code for row in rows] == ["F9"]  # a fiche absent from the base is skipped
    assert rows[0].project == (1.0, 0.2)  # its words and its place: found first
    assert rows[0].baseline == (0.0, 0.0)  # the keyword search finds the Morbihan one only
    out = StringIO()
    call_command("evaluate_suggestions", str(path), stdout=out)
    assert "Projet : nDCG@5 = 1,000, précision@5 = 0,200" in out.getvalue()
    assert "Recherche par mots-clés : nDCG@5 = 0,000, précision@5 = 0,000" in out.getvalue()


@pytest.mark.shared_data
def test_on_the_demo_the_project_is_ahead_of_the_keyword_search():
    if not SHARED_CSV.is_file():
        pytest.skip(f"{SHARED_CSV} absent")
    call_command("load_demo", stdout=StringIO())
    rows = evaluate(JUDGMENTS, today=datetime.date(2026, 11, 26))
    judged = json.loads(JUDGMENTS.read_text(encoding="utf-8"))["relevant"]
    assert len(rows) == len(judged) >= 20  # every judged fiche is in the demo
    project, baseline = means(rows, "project"), means(rows, "baseline")
    # Clearly ahead: half as good again as the keyword search, on both measures
    # (docs/decisions/0014 gives the figures).
    assert project[0] >= 1.5 * baseline[0] and project[1] >= 1.5 * baseline[1]
    # Every fiche of the demo's territory is offered schemes, each with its reasons.
    for sheet in ActionSheet.objects.filter(territory__code="4403").order_by("sort_key"):
        offered = suggestions.suggest(sheet, today=datetime.date(2026, 11, 26))
        assert offered, sheet.code
        assert all(s.reasons and s.scheme.source_url for s in offered), sheet.code
