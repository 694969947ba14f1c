"""The admin lists of fiches and of the audit log at national scale: filters that do not
list every territory nor scan the whole log, no full count, related rows joined once."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from territoires.plans.models import Visibility

from ..factories import ActionSheetFactory, RegionFactory, SheetEventFactory, TerritoryFactory

pytestmark = pytest.mark.django_db

SHEETS = reverse("admin:plans_actionsheet_changelist")
EVENTS = reverse("admin:audit_auditevent_changelist")


@pytest.fixture
def two_regions():
    grand_est = RegionFactory(code="44", name="Grand Est")
    bretagne = RegionFactory(code="53", name="Bretagne")
    langres = TerritoryFactory(code="4403", name="Langres", region=grand_est)
    lorient = TerritoryFactory(
        code="5301", name="Lorient", region=bretagne, programme=langres.programme
    )
    for territory in (langres, lorient):
        for code in ("F1", "F2"):
            ActionSheetFactory(territory=territory, code=code, visibility=Visibility.PUBLIC)
    return langres, lorient


def shown_codes(html):
    return re.findall(r'class="field-code"><a href="[^"]+">([^<]+)</a>', html)


def test_fiches_are_filtered_by_region_not_by_territory(admin_client, two_regions):
    html = admin_client.get(SHEETS).content.decode()
    assert "Par région" in html or "par région" in html
    assert "territory__id__exact" not in html
    bretagne = two_regions[1].region
    html = admin_client.get(SHEETS, {"territory__region__id__exact": bretagne.pk}).content
    assert sorted(shown_codes(html.decode())) == ["F1", "F2"]
    assert b"Lorient" in html and b"Langres</td>" not in html


def test_a_territory_is_found_by_the_search_box(admin_client, two_regions):
    html = admin_client.get(SHEETS, {"q": "5301"}).content.decode()
    assert sorted(shown_codes(html)) == ["F1", "F2"]


def test_fiches_list_joins_its_related_rows_and_skips_the_full_count(admin_client, two_regions):
    with CaptureQueriesContext(connection) as queries:
        admin_client.get(SHEETS, {"q": "F1"})
    sql = [q["sql"] for q in queries]
    assert not any("DISTINCT" in s and "plans_actionsheet" in s for s in sql)
    counts = [s for s in sql if "COUNT(*)" in s and "plans_actionsheet" in s]
    assert len(counts) == 1  # the filtered count only, not the whole table's
    assert not any(s.startswith('SELECT "referential_territory"') for s in sql)


def test_audit_log_filters_by_registered_verbs_without_scanning_the_log(admin_client, two_regions):
    langres = two_regions[0]
    sheet = langres.action_sheets.order_by("code").first()
    SheetEventFactory(sheet=sheet, verb="sheet.deleted", object_label="Supprimée ici")
    SheetEventFactory(sheet=sheet, verb="sheet.updated", object_label="Modifiée là")
    with CaptureQueriesContext(connection) as queries:
        html = admin_client.get(EVENTS).content.decode()
    assert not any("DISTINCT" in q["sql"] and "audit_auditevent" in q["sql"] for q in queries)
    assert "verb=sheet.deleted" in html
    html = admin_client.get(EVENTS, {"verb": "sheet.deleted"}).content.decode()
    assert "Supprimée ici" in html
    assert "Modifiée là" not in html


def test_fiches_list_is_in_an_indexed_order_without_joining_for_it(admin_client, two_regions):
    with CaptureQueriesContext(connection) as queries:
        html = admin_client.get(SHEETS).content.decode()
    page = [q["sql"] for q in queries if q["sql"].startswith('SELECT "plans_actionsheet"."id"')]
    assert len(page) == 1
    assert page[0].split("ORDER BY")[1].strip().startswith('"plans_actionsheet"."territory_id"')
    assert shown_codes(html) == ["F1", "F2", "F1", "F2"]
