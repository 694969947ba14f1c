"""`manage.py generate_scale` writes a valid national programme from the shared real data,
refuses to run twice, and starts over with --reset.

Run at a small factor (the 148 real territories, a twentieth of the fiches) on the minimal
geography, so that it stays quick; `make bench` runs ×1 and ×10."""

from collections import Counter

import pytest
from django.core.management import CommandError
from django.db import connection

from territoires.accounts.models import Membership, User
from territoires.audit.models import AuditEvent
from territoires.audit.readers import history_of
from territoires.demo import scale
from territoires.demo.scale import directory, sheets, sources
from territoires.demo.scale.geography import commune_label, extra_territory_name
from territoires.funding.models import Scheme
from territoires.organisations.models import Organisation
from territoires.organisations.names import identity_key
from territoires.organisations.services import directory_organisations, directory_people
from territoires.plans.models import ActionSheet, Status, StatusTransition
from territoires.plans.search import search_sheets
from territoires.referential.models import Territory

from .conftest import FACTOR, generate

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.shared_data,
    pytest.mark.usefixtures("needs_shared_data"),
]


def test_small_factor_keeps_the_real_territories_and_scales_the_fiches(generated):
    assert Territory.objects.count() == 148
    assert not Territory.objects.filter(is_example=True).exists()
    assert ActionSheet.objects.count() == round(sheets_at(FACTOR))
    assert "148 territoires" in generated


def sheets_at(factor):
    return scale.SHEETS_AT_1 * factor


def test_every_generated_fiche_passes_the_model_rules_and_is_marked_as_example(generated):
    for sheet in ActionSheet.objects.all():
        sheet.full_clean()
        assert sheet.is_example
        assert sheet.sort_key


def test_generated_fiches_are_indexed_for_search(generated):
    sheet = ActionSheet.objects.order_by("pk").first()
    assert not ActionSheet.objects.filter(search_text="").exists()
    word = max(sheet.title.split(), key=len)
    assert sheet.pk in search_sheets(ActionSheet.objects.all(), word).values_list("pk", flat=True)
    if connection.vendor == "postgresql":
        assert not ActionSheet.objects.filter(search_vector__isnull=True).exists()


def test_pilots_presenters_porteurs_and_partners_come_from_the_territory_directory(generated):
    for territory in Territory.objects.filter(action_sheets__isnull=False).distinct():
        people = set(directory_people(territory).values_list("pk", flat=True))
        organisations = set(directory_organisations(territory).values_list("pk", flat=True))
        for sheet in territory.action_sheets.prefetch_related("pilots", "partners"):
            assert {p.pk for p in sheet.pilots.all()} <= people
            assert sheet.presenter_id is None or sheet.presenter_id in people
            assert sheet.lead_organisation_id is None or sheet.lead_organisation_id in organisations
            assert {o.pk for o in sheet.partners.all()} <= organisations


def test_history_tells_each_fiche_life_and_its_version_counts_the_rows(generated):
    for sheet in ActionSheet.objects.prefetch_related("transitions"):
        records = sorted(history_of(sheet), key=lambda r: r.version)
        assert [r.version for r in records] == list(range(1, sheet.version + 1))
        assert records[0].verb == "sheet.created"
        assert records[0].at == sheet.created_at
        assert all(a.at <= b.at for a, b in zip(records, records[1:], strict=False))
        moves = sorted(sheet.transitions.all(), key=lambda t: (t.at, t.id))
        status = Status.DRAFT
        for move in moves:
            assert move.from_status == status
            status = move.to_status
        assert status == sheet.status
        status_rows = [r for r in records if r.verb == "sheet.status_changed"]
        assert len(status_rows) == len(moves)
        assert (sheet.deleted_at is not None) == (records[-1].verb == "sheet.deleted")


def test_history_volume_is_about_five_rows_per_fiche(generated):
    per_sheet = (
        AuditEvent.objects.filter(verb__startswith="sheet.").count() / ActionSheet.objects.count()
    )
    assert 4 <= per_sheet <= 6.5
    assert StatusTransition.objects.exists()


def test_each_territory_has_its_directory_and_one_account_per_role(generated):
    roles = Counter(Membership.objects.values_list("role", flat=True))
    assert set(roles.values()) == {148}
    assert set(roles) == set(Membership.Role.values)
    territory = Territory.objects.get(code="4403")
    assert territory.governance.filter(role="elected_pilot").exists()
    assert territory.partnerships.exists()
    assert User.objects.get(email=directory.NATIONAL_EMAIL).check_password(directory.PASSWORD)


def test_the_largest_plan_is_the_demo_territory(generated):
    counts = Counter(ActionSheet.objects.values_list("territory__code", flat=True))
    assert counts.most_common(1)[0][0] == "4403"


def test_a_second_run_is_refused_with_a_french_message(generated, tmp_path):
    with pytest.raises(CommandError, match="déjà des données générées"):
        generate(tmp_path)
    assert ActionSheet.objects.count() == round(sheets_at(FACTOR))


def test_distribution_gives_the_largest_plan_and_spreads_the_rest():
    import random

    counts = sheets.distribute(2400, list(range(183)), random.Random(1), largest_id=5)
    assert sum(counts.values()) == 2400
    assert counts[5] == 300
    assert min(counts.values()) >= 1
    assert max(n for t, n in counts.items() if t != 5) < 300


@pytest.mark.parametrize(
    ("raw", "label"),
    [
        ("SAINT MAURICE DE BEYNOST", "Saint-Maurice-de-Beynost"),
        ("LE MANS", "Le Mans"),
        ("L'ISLE D'ABEAU", "L'Isle-d'Abeau"),
    ],
)
def test_commune_names_from_capitals(raw, label):
    assert commune_label(raw) == label


def test_extra_territory_names_elide_before_a_vowel():
    assert extra_territory_name("Pays de", "Annecy") == "Pays d'Annecy"
    assert extra_territory_name("Pays de", "Le Mans") == "Pays du Mans"


def test_names_in_capitals_read_as_people_write_them():
    assert sources.proper_name("CA BASSIN DE BOURG EN BRESSE") == "CA Bassin de Bourg en Bresse"
    assert sources.proper_name("Ville de Paris") == "Ville de Paris"


def test_financers_come_from_the_scheme_import_and_are_the_directory_s_organisations(generated):
    assert Scheme.objects.count() == 274  # the shared catalogue, imported by import_schemes
    grand_est = Scheme.objects.get(name__startswith="Financer et accompagner l'investissement")
    region = grand_est.financers.get()
    assert region.kind == "region"
    assert Organisation.objects.filter(name="Région Grand Est").count() == 0  # not twice
    kinds = ("region", "state", "national_operator", "department", "european_union")
    names = Organisation.objects.filter(kind__in=kinds).values_list("name", flat=True)
    keys = [identity_key(name) for name in names]
    assert len(keys) == len(set(keys))  # one organisation per name, whatever its spelling
