"""A fiche's code is a segment of its address: one rule on the model (plans/codes.py),
so the service, the form, the admin and the API refuse the same codes in French."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import URLPattern, URLResolver, get_resolver

from territoires.plans import services
from territoires.plans.codes import RESERVED_CODES
from territoires.plans.models import ActionSheet

from ..factories import TerritoryFactory
from .test_views_form import create_url, form_data

pytestmark = pytest.mark.django_db


def create(territory, editor, code):
    return services.create_sheet(
        territory,
        acting_user=editor,
        fields={"code": code, "title": "Foncier", "axis": territory.programme.axes.first()},
    )


@pytest.mark.parametrize("code", ["F2/1", "F 2", "../F1", ".F1", "F1?x", "F#1", "Fé1", "F1\x00"])
def test_a_code_with_characters_outside_the_safe_set_is_refused(territory, editor, code):
    with pytest.raises(ValidationError) as caught:
        create(territory, editor, code)
    assert "lettres sans accent" in caught.value.message_dict["code"][0]
    assert not ActionSheet.objects.exists()


@pytest.mark.parametrize("code", ["nouvelle", "Nouvelle", "CORBEILLE", "modifier"])
def test_a_code_equal_to_a_word_of_our_addresses_is_refused(territory, editor, code):
    with pytest.raises(ValidationError) as caught:
        create(territory, editor, code)
    assert "mot réservé" in caught.value.message_dict["code"][0]


def test_safe_codes_are_accepted_and_reachable(territory, editor, login):
    for code in ("F2.1", "A-3_b", " F7 ", "1.1.1.1.1.1.1.1.1.1."):
        sheet = create(territory, editor, code)
        assert sheet.code == code.strip()
        assert login(editor).get(sheet.get_absolute_url()).status_code == 200


def test_an_edit_to_an_unsafe_code_is_refused_and_writes_nothing(territory, editor):
    sheet = create(territory, editor, "F1")
    with pytest.raises(ValidationError):
        services.update_sheet(
            sheet, acting_user=editor, expected_version=1, fields={"code": "F1/2"}
        )
    sheet.refresh_from_db()
    assert (sheet.code, sheet.version) == ("F1", 1)


def test_the_form_shows_the_code_rule_as_a_field_error(territory, axes, login, editor):
    response = login(editor).post(
        create_url(territory), form_data(axes["recruter"], code="nouvelle")
    )
    assert response.status_code == 200
    assert "mot réservé des adresses du site" in response.content.decode()
    assert 'id="id_code-desc-error"' in response.content.decode()
    assert not ActionSheet.objects.exists()


def _routes(resolver, prefix=""):
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _routes(entry, route)
        elif isinstance(entry, URLPattern):
            yield route


def test_every_word_standing_where_a_code_stands_is_reserved():
    """/territoires/<t>/fiches/nouvelle/ beside /territoires/<t>/fiches/<code>/: a literal
    segment at the place of a fiche's code is a word no code may be. (The other words of
    our addresses are in RESERVED_CODES too, by hand: a code never reads like a part of an
    address; a new page need not break this test for them.)"""
    routes = list(_routes(get_resolver()))
    places = {route.split("<str:code>")[0] for route in routes if "<str:code>" in route}
    words = {
        route[len(place) :].split("/")[0]
        for route in routes
        for place in places
        if route.startswith(place) and not route[len(place) :].startswith("<")
    } - {""}
    assert "nouvelle" in words
    assert words <= RESERVED_CODES, words - RESERVED_CODES


# The data migration ---------------------------------------------------------------------

BEFORE = [("plans", "0003_delete_changerecord")]
AFTER = [("plans", "0004_sheet_code_safe_characters")]


@pytest.fixture
def old_apps(transactional_db):
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    yield executor.loader.project_state(BEFORE).apps
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_the_migration_rewrites_unsafe_codes_and_keeps_the_fiches(old_apps):
    # Fiches written with the model of that time (the current one has later columns).
    territory = TerritoryFactory()
    axis = territory.programme.axes.order_by("position").first()
    other = TerritoryFactory(programme=territory.programme)
    Old = old_apps.get_model("plans", "ActionSheet")

    def old(code, where=territory):
        return Old.objects.create(
            territory_id=where.pk, axis_id=axis.pk, code=code, sort_key=code, title=f"T {code}"
        ).pk

    first = old("F1")
    ids = {code: old(code) for code in ("F1/2", "F1-2", "nouvelle", "F 3", "/x", "//", "Fé")}
    elsewhere = old("F1/2", other)

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)

    codes = dict(ActionSheet.objects.filter(pk__in=ids.values()).values_list("pk", "code"))
    assert {code: codes[pk] for code, pk in ids.items()} == {
        "F1/2": "F1-2-2",  # "F1-2" is taken in the territory
        "F1-2": "F1-2",
        "nouvelle": "nouvelle-1",
        "F 3": "F-3",
        "/x": "x",
        "//": "F",  # nothing left
        "Fé": "F-2",  # "F" taken just before
    }
    sheets = ActionSheet.objects.only("code", "title")  # the columns of that time
    assert sheets.get(pk=elsewhere).code == "F1-2"
    assert sheets.get(pk=ids["F 3"]).title == "T F 3"
    assert sheets.get(pk=first).code == "F1"
