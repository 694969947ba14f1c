"""The world of the bilan's tests: two regions, three territories, fiches, moves, lines
and stages before and after 31 December 2019 (`world`)."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from territoires.funding.models import FundingTransition
from territoires.plans.models import Status, StatusTransition
from territoires.programmes.services import ensure_territoires_d_industrie
from territoires.referential.models import StageChange

from ..factories import (
    ActionSheetFactory,
    FundingLineFactory,
    OrganisationFactory,
    RegionFactory,
    TerritoryFactory,
)

DAY = datetime.date(2019, 12, 31)


def at(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


def move(sheet, source, target, day):
    StatusTransition.objects.create(sheet=sheet, from_status=source, to_status=target, at=at(day))


def stage_move(territory, source, target, day):
    StageChange.objects.create(territory=territory, from_stage=source, to_stage=target, at=at(day))


@pytest.fixture
def world():
    """Two regions, three territories; fiches, moves, lines and stages before and after
    31 December 2019."""
    programme = ensure_territoires_d_industrie()
    stages = {stage.code: stage for stage in programme.stages.all()}
    axes = {axis.code: axis for axis in programme.axes.all()}
    grand_est = RegionFactory(code="44", name="Grand Est")
    bretagne = RegionFactory(code="53", name="Bretagne")
    langres = TerritoryFactory(
        programme=programme,
        code="4403",
        name="Chaumont – Langres",
        region=grand_est,
        labelled_on=datetime.date(2018, 11, 22),
    )
    vitre = TerritoryFactory(
        programme=programme,
        code="5301",
        name="Vitré",
        region=bretagne,
        labelled_on=datetime.date(2018, 11, 22),
    )
    late = TerritoryFactory(
        programme=programme,
        code="4499",
        name="Phase 2023",
        region=grand_est,
        labelled_on=datetime.date(2023, 6, 1),
    )
    # Stages: Langres signed its protocole in November 2019, its contract in 2020; Vitré
    # validated its plan in 2019; the 2023 territory is not in the 2019 programme.
    path = [None, *(stages[code] for code in ("labellise", "plan-valide", "protocole-signe"))]
    path.append(stages["contrat-signe"])
    days = [(2018, 11, 22), (2019, 6, 1), (2019, 11, 5), (2020, 3, 1)]
    for source, target, day in zip(path[:-1], path[1:], days, strict=True):
        stage_move(langres, source, target, datetime.date(*day))
    stage_move(vitre, None, stages["plan-valide"], datetime.date(2019, 9, 1))
    stage_move(late, None, stages["labellise"], datetime.date(2023, 6, 1))
    now = ((langres, "contrat-signe"), (vitre, "plan-valide"), (late, "labellise"))
    for territory, code in now:
        territory.stage = stages[code]
        territory.save()

    def sheet(territory, code, axis, created, **kwargs):
        return ActionSheetFactory(
            territory=territory, code=code, axis=axes[axis], created_at=at(created), **kwargs
        )

    f9 = sheet(langres, "F9", "recruter", datetime.date(2019, 3, 1), status=Status.COMMITTED)
    move(f9, Status.DRAFT, Status.VALIDATED, datetime.date(2019, 9, 9))
    move(f9, Status.VALIDATED, Status.COMMITTED, datetime.date(2020, 2, 1))
    f2 = sheet(langres, "F2.1", "attirer", datetime.date(2019, 4, 1), visibility="restricted")
    sheet(langres, "F3", "innover", datetime.date(2020, 5, 1))  # created after the day
    binned = at(datetime.date(2019, 7, 1))
    sheet(langres, "F4", "innover", datetime.date(2019, 4, 1), deleted_at=binned)
    dropped = sheet(vitre, "V1", "simplifier", datetime.date(2019, 5, 1), status=Status.ABANDONED)
    move(dropped, Status.DRAFT, Status.ABANDONED, datetime.date(2019, 10, 1))
    sheet(vitre, "V2", "recruter", datetime.date(2019, 5, 1), status=Status.VALIDATED)  # legacy
    sheet(late, "L1", "attirer", datetime.date(2023, 7, 1))

    bank = OrganisationFactory(name="Banque des Territoires", kind="national_operator")
    region = OrganisationFactory(name="Région Grand Est", kind="region")
    granted = FundingLineFactory(
        sheet=f9,
        financer=region,
        amount=Decimal("48000000"),
        status="paid",
        created_at=at(datetime.date(2019, 9, 10)),
    )
    for source, target, day in (
        ("considered", "granted", datetime.date(2019, 11, 1)),
        ("granted", "paid", datetime.date(2020, 4, 1)),
    ):
        FundingTransition.objects.create(
            line=granted, from_status=source, to_status=target, at=at(day)
        )
    FundingLineFactory(
        sheet=f2,
        financer=bank,
        amount=Decimal("2000000"),
        status="granted",
        created_at=at(datetime.date(2019, 10, 1)),
    )  # legacy: no recorded move, granted now and then
    FundingLineFactory(
        sheet=f2,
        financer=bank,
        amount=Decimal("5000"),
        status="granted",
        created_at=at(datetime.date(2020, 1, 15)),
    )  # after the day
    return {"programme": programme, "grand_est": grand_est, "langres": langres, "f9": f9}
