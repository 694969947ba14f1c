"""A territory's stage on a date, rebuilt from its recorded stage changes."""

import datetime

import pytest

from territoires.core.dates import end_of_day
from territoires.programmes.services import ensure_territoires_d_industrie
from territoires.referential import asof
from territoires.referential.services import change_territory_stage

from ..factories import TerritoryFactory

pytestmark = pytest.mark.django_db


def at(day):
    return datetime.datetime.combine(day, datetime.time(12), tzinfo=datetime.UTC)


def end_of(day):
    return end_of_day(day)


@pytest.fixture
def programme():
    return ensure_territoires_d_industrie()


def stage(programme, code):
    return programme.stages.get(code=code)


def move(territory, code, day):
    change_territory_stage(
        territory, stage(territory.programme, code), acting_user=None, at=at(day)
    )


def test_a_territory_s_stage_on_a_date_is_its_last_change_at_or_before_it(programme):
    territory = TerritoryFactory(programme=programme, labelled_on=datetime.date(2018, 11, 22))
    for code, day in (
        ("labellise", datetime.date(2018, 11, 22)),
        ("gouvernance-installee", datetime.date(2019, 4, 1)),
        ("protocole-signe", datetime.date(2019, 11, 5)),
        ("contrat-signe", datetime.date(2020, 3, 1)),
    ):
        change_territory_stage(territory, stage(programme, code), acting_user=None, at=at(day))

    def on(day):
        found = asof.territory_stage_on(territory, end_of(day))
        return found.code if found else None

    assert on(datetime.date(2018, 11, 21)) is None
    assert on(datetime.date(2018, 11, 22)) == "labellise"
    assert on(datetime.date(2019, 10, 31)) == "gouvernance-installee"
    assert on(datetime.date(2019, 12, 31)) == "protocole-signe"
    assert on(datetime.date(2026, 1, 1)) == "contrat-signe"


def test_a_correction_back_is_read_at_its_date(programme):
    territory = TerritoryFactory(programme=programme)
    move(territory, "contrat-signe", datetime.date(2019, 6, 1))
    change_territory_stage(
        territory,
        stage(programme, "protocole-signe"),
        acting_user=None,
        comment="Saisie erronée",
        at=at(datetime.date(2019, 7, 1)),
    )
    assert asof.territory_stage_on(territory, end_of(datetime.date(2019, 6, 15))).code == (
        "contrat-signe"
    )
    assert asof.territory_stage_on(territory, end_of(datetime.date(2019, 7, 1))).code == (
        "protocole-signe"
    )


def test_a_stage_never_recorded_as_a_change_is_kept_from_the_label_on(programme):
    """Stages set before changes were recorded: the current one (decision 0019)."""
    territory = TerritoryFactory(
        programme=programme,
        labelled_on=datetime.date(2019, 7, 1),
        stage=stage(programme, "plan-valide"),
    )
    found = asof.territories_as_of(end_of(datetime.date(2019, 12, 31))).get(pk=territory.pk)
    assert found.stage_then_id == stage(programme, "plan-valide").pk
    assert (
        not asof.territories_as_of(end_of(datetime.date(2019, 6, 30)))
        .filter(pk=territory.pk)
        .exists()
    )


def test_the_date_a_territory_reached_a_stage(programme):
    territory = TerritoryFactory(programme=programme)
    signed = [stage(programme, "protocole-signe").pk, stage(programme, "contrat-signe").pk]
    move(territory, "protocole-signe", datetime.date(2019, 11, 5))
    move(territory, "contrat-signe", datetime.date(2020, 3, 1))
    moment = end_of(datetime.date(2026, 1, 1))
    found = (
        asof.territories_as_of(moment)
        .annotate(signed_at=asof.reached_on(moment, signed))
        .get(pk=territory.pk)
    )
    assert found.signed_at == at(datetime.date(2019, 11, 5))
