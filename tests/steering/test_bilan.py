"""The bilan as of a date: figures by region and axis equal independent counts of the
history, the headline sentence in the article's style, the public version without
restricted fiches nor money, and a past bilan that later moves do not change."""

import datetime
import random
from decimal import Decimal

import pytest
from django.utils import timezone

from territoires.audit.models import AuditEvent
from territoires.core.dates import end_of_day
from territoires.funding import financing
from territoires.funding.models import FundingLine, FundingTransition
from territoires.plans.asof import BIN_VERBS
from territoires.plans.models import ActionSheet, Status, StatusTransition, Visibility
from territoires.plans.services import delete_sheet, restore_sheet, update_sheet
from territoires.programmes.services import ensure_territoires_d_industrie
from territoires.steering.bilan import bilan_as_of
from territoires.steering.wording import about, about_money

from ..factories import ActionSheetFactory, RegionFactory, TerritoryFactory
from .conftest import DAY, at, move, stage_move

pytestmark = pytest.mark.django_db


def test_the_national_bilan_of_31_december_2019(world):
    bilan = bilan_as_of(DAY)
    total = bilan.total
    # Territories: Langres (signed) and Vitré (plan validated); the 2023 one not yet.
    assert (total.territories, total.validated_territories, total.signed_territories) == (2, 2, 1)
    # Actions: F9, F2.1, V2 (F3 later, F4 in the bin, V1 abandoned then).
    assert total.actions == 3
    assert {row.label: row.actions for row in bilan.by_status} == {
        "Brouillon": 1,
        "Validée": 2,
        "Abandonnée": 1,
    }
    # Money: F9's line granted in November (48 M€), F2.1's legacy line (2 M€).
    assert (total.funded_actions, total.committed) == (2, Decimal("50000000"))
    assert [(r.label, r.actions, r.committed) for r in bilan.by_region] == [
        ("Bretagne", 1, Decimal(0)),
        ("Grand Est", 2, Decimal("50000000")),
    ]
    assert {r.code: r.actions for r in bilan.by_axis} == {
        "attirer": 1,
        "recruter": 2,
        "innover": 0,
        "simplifier": 0,
    }
    assert [(s.code, s.stage, s.signed_on) for s in bilan.signed] == [
        ("4403", "Protocole d'accord signé", datetime.date(2019, 11, 5))
    ]
    assert bilan.headline == (
        "Au 31/12/2019, 2 territoires ont défini leur gouvernance et validé leur plan "
        "d'actions ; 3 actions ; 2 ont fait l'objet d'un engagement financier pour une "
        "cinquantaine de millions d'euros."
    )
    progress = {p.target.label: p.reached for p in bilan.progress}
    assert progress["200 M€ engagés fin 2019"] == Decimal("50000000")
    assert progress["400 actions remontées des territoires fin 2019"] == 3


def test_a_regional_bilan_counts_its_region_only(world):
    bilan = bilan_as_of(DAY, region=world["grand_est"])
    assert (bilan.total.territories, bilan.total.actions) == (1, 2)
    assert bilan.headline.startswith("Au 31/12/2019, en région Grand Est, 1 territoire a défini")
    assert bilan.progress == []


def test_the_public_bilan_counts_published_fiches_and_no_money(world):
    bilan = bilan_as_of(DAY, public=True)
    assert bilan.total.actions == 2  # F2.1 is restricted
    assert (bilan.total.committed, bilan.by_financer) == (Decimal(0), [])
    assert "engagement" not in bilan.headline
    assert all(not p.is_money for p in bilan.progress)


def test_the_bilan_of_a_past_day_does_not_change_when_later_moves_happen(world, national):
    before = bilan_as_of(DAY)
    # Today: F9 starts, a line is granted, Vitré signs, a fiche is deleted, another added.
    f9 = ActionSheet.objects.get(pk=world["f9"].pk)
    move(f9, Status.COMMITTED, Status.IN_PROGRESS, timezone.localdate())
    line = FundingLine.objects.filter(amount=5000).get()
    FundingTransition.objects.create(line=line, from_status="granted", to_status="paid")
    ActionSheetFactory(territory=world["langres"], code="F10")
    ActionSheet.objects.filter(code="V2").update(deleted_at=timezone.now())
    line = FundingLine.objects.filter(amount=Decimal("2000000")).get()
    financing.update_line(line, acting_user=national, amount="3000000")
    programme = world["programme"]
    vitre = world["langres"].__class__.objects.get(code="5301")
    stage_move(vitre, vitre.stage, programme.stages.get(code="contrat-signe"), timezone.localdate())

    after = bilan_as_of(DAY)
    assert after == before
    assert bilan_as_of(timezone.localdate()) != before


@pytest.mark.parametrize(
    ("n", "words"),
    [
        (3, "3 territoires"),
        (29, "une trentaine de territoires"),
        (35, "35 territoires"),
        (100, "une centaine de territoires"),
        (389, "presque 400 territoires"),
        (150, "150 territoires"),
        (312, "plus de 300 territoires"),
    ],
)
def test_figures_in_words(n, words):
    assert about(n, "territoires") == words


def test_money_in_words():
    assert about_money(Decimal("49800000")) == "une cinquantaine de millions d'euros"
    assert about_money(Decimal("197000000")) == "presque 200 millions d'euros"
    assert about_money(Decimal("350000")) == "350\u00a0000 euros"


def test_end_of_day_is_paris_time():
    moment = end_of_day(DAY)
    assert moment.utcoffset() == datetime.timedelta(hours=1)


def test_words_elide_and_agree():
    from territoires.steering.wording import plural

    assert about(21, "actions") == "une vingtaine d'actions"
    assert plural(1, "action") == "1 action"
    assert plural(0, "action") == "0 action"
    assert plural(2, "action") == "2 actions"


# The public bilan of a past day, on generated histories ------------------------------

PAST = datetime.date(2020, 6, 30)


def _backdate(sheet, day, **fields):
    """Move the fiche's last event (and `fields` of the fiche) to `day`."""
    event = AuditEvent.objects.filter(object_type="plans.actionsheet", object_id=sheet.pk)
    event = event.order_by("-id").first()
    AuditEvent.objects.filter(pk=event.pk).update(at=at(day))
    if fields:
        ActionSheet.objects.filter(pk=sheet.pk).update(**{k: at(day) for k in fields})


@pytest.fixture
def histories(national):
    """Fiches created in 2019–2021 whose status moved, whose visibility changed through
    the service (once or twice, before or after 30 June 2020) and some of which went to
    the bin and back, in two regions (the same for every run)."""
    rng = random.Random(19)
    programme = ensure_territoires_d_industrie()
    axes = list(programme.axes.order_by("position"))
    regions = [
        RegionFactory(code="44", name="Grand Est"),
        RegionFactory(code="53", name="Bretagne"),
    ]
    territories = [
        TerritoryFactory(programme=programme, code=f"T{n}", region=regions[n % 2]) for n in range(4)
    ]
    days = [datetime.date(2019, 1, 1) + datetime.timedelta(days=n) for n in range(0, 1000, 7)]
    for n in range(40):
        created, *later = sorted(rng.sample(days, 4))
        sheet = ActionSheetFactory(
            territory=rng.choice(territories),
            code=f"F{n}",
            axis=rng.choice(axes),
            created_at=at(created),
            visibility=rng.choice(Visibility.values),
            status=Status.VALIDATED,
        )
        if rng.random() < 0.5:
            move(sheet, Status.DRAFT, Status.VALIDATED, later[0])
        for day in later[: rng.randint(0, 2)]:
            current = ActionSheet.objects.get(pk=sheet.pk)
            other = [v for v in Visibility.values if v != current.visibility][0]
            sheet = update_sheet(
                current,
                acting_user=national,
                expected_version=current.version,
                fields={"visibility": other},
            )
            _backdate(sheet, day)
        if rng.random() < 0.25:
            delete_sheet(ActionSheet.objects.get(pk=sheet.pk), acting_user=national)
            _backdate(sheet, later[2], deleted_at=True)
            if rng.random() < 0.5:
                restore_sheet(ActionSheet.objects.get(pk=sheet.pk), acting_user=national)
                _backdate(sheet, later[2] + datetime.timedelta(days=3))
    return {"regions": regions, "axes": axes}


def _expected(moment, *, public, region=None):
    """The actions by status at `moment` replayed in Python from the raw rows: the fiche
    existed (created, not in the bin), its status from its moves, its visibility from the
    `changes` of its events (not the data the reads use); public: published then and
    now."""
    events = {}
    for sheet_id, verb, when, changes in (
        AuditEvent.objects.filter(object_type="plans.actionsheet")
        .order_by("at", "id")
        .values_list("object_id", "verb", "at", "changes")
    ):
        events.setdefault(sheet_id, []).append((verb, when, changes))
    moves = {}
    for sheet_id, when, source, target in StatusTransition.objects.order_by("at", "id").values_list(
        "sheet_id", "at", "from_status", "to_status"
    ):
        moves.setdefault(sheet_id, []).append((when, source, target))
    counts = {}
    for sheet in ActionSheet.objects.select_related("territory").order_by("pk"):
        if region is not None and sheet.territory.region_id != region.pk:
            continue
        if sheet.created_at > moment or (sheet.deleted_at and sheet.deleted_at <= moment):
            continue
        mine = events.get(sheet.pk, [])
        bin_moves = [verb for verb, when, _ in mine if when <= moment and verb in BIN_VERBS]
        if bin_moves and bin_moves[-1] == "sheet.deleted":
            continue
        before = [target for when, _s, target in moves.get(sheet.pk, []) if when <= moment]
        after = [source for when, source, _t in moves.get(sheet.pk, []) if when > moment]
        status = before[-1] if before else after[0] if after else sheet.status
        if public:
            changed = [
                (when, change["old"], change["new"])
                for _verb, when, changes in mine
                for change in changes
                if change["field"] == "visibility" and change["old"]
            ]
            then = [new for when, _old, new in changed if when <= moment]
            later = [old for when, old, _new in changed if when > moment]
            visibility = then[-1] if then else later[0] if later else sheet.visibility
            if not (visibility == sheet.visibility == Visibility.PUBLIC):
                continue
        counts[status] = counts.get(status, 0) + 1
    return counts


@pytest.mark.parametrize("public", [False, True], ids=["complete", "public"])
@pytest.mark.parametrize("scoped", [False, True], ids=["national", "region"])
@pytest.mark.parametrize("day", [PAST, None], ids=["past", "today"])
def test_the_bilan_equals_the_history_replayed(histories, public, scoped, day):
    day = day or timezone.localdate()
    region = histories["regions"][0] if scoped else None
    bilan = bilan_as_of(day, region=region, public=public)
    expected = _expected(end_of_day(day), public=public, region=region)
    assert {row.code: row.actions for row in bilan.by_status} == expected
    assert bilan.total.actions == sum(n for s, n in expected.items() if s != Status.ABANDONED)
    assert sum(expected.values()) > 3  # the case is not empty
