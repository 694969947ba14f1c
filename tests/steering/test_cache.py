"""The figures' cache (steering/cache.py, decision 0028): a reader never gets figures
kept for another perimeter, an audited write shows at once, a repeated read is served
from the cache, past bilans included."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from territoires.plans import workflow
from territoires.plans.models import ActionSheet, Visibility
from territoires.plans.services import change_status, update_sheet
from territoires.programmes.models import Target
from territoires.steering import cache as figures_cache
from territoires.steering import report

from ..catalogue.test_similar import sheets as sheets  # noqa: F401  (the same fixture)
from ..factories import RegionFactory, ScopeFactory
from .test_dashboard_pages import get
from .test_dashboard_pages import world as world  # noqa: F401  (the same fixture)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def figures_cached(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "figures-cache-tests",
        }
    }
    settings.FIGURES_CACHE_SECONDS = 600
    settings.PAST_FIGURES_CACHE_SECONDS = 600
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def board(user, url):
    response = get(user, url)
    assert response.status_code == 200
    return response.context["board"]


@pytest.mark.parametrize("first", ["complete", "public"])
def test_a_reader_never_gets_the_figures_kept_for_another_perimeter(world, national, first):
    url = reverse("dashboards:national")
    readers = {"complete": national, "public": None}
    order = [first, *(name for name in readers if name != first)] * 2
    seen = {name: board(readers[name], url) for name in order}
    complete, public = seen["complete"], seen["public"]
    assert (complete.perimeter.complete, public.perimeter.complete) == (True, False)
    assert (complete.sheet_total, public.sheet_total) == (3, 2)  # F2 is restricted
    assert complete.commitments["amount"] == 250000 and public.commitments["amount"] == 0
    assert public.by_financer == [] and public.fragile == []


def test_a_region_reads_another_region_s_dashboard_in_its_public_version(world, national):
    grand_est = ScopeFactory(kind="region", region=world["own"].region).user
    url = reverse("dashboards:region", args=["44"])
    assert board(national, url).sheet_total == 2
    assert board(grand_est, url).sheet_total == 2  # its region: the complete version
    other = ScopeFactory(kind="region", region=RegionFactory(code="84")).user
    seen = board(other, url)
    assert (seen.perimeter.complete, seen.sheet_total, seen.commitments["amount"]) == (
        False,
        1,
        0,
    )


def test_a_status_change_shows_at_once_on_the_dashboard(
    world, national, django_capture_on_commit_callbacks
):
    url = reverse("dashboards:national")
    sheet = ActionSheet.objects.get(pk=world["public"].pk)
    before = {row.key: row.count for row in board(None, url).by_status}
    assert board(None, url).by_status[0].count == before[sheet.status]  # kept
    target = workflow.transitions_from(sheet)[0].target
    token = figures_cache._token()
    connection.run_on_commit.clear()  # the fixture's rows registered one already
    with django_capture_on_commit_callbacks() as callbacks:
        change_status(sheet, target, acting_user=national, comment="Revue en comité")
    # Before the commit, the write's own transaction reads its last event's id.
    after = {row.key: row.count for row in board(None, url).by_status}
    assert after[sheet.status] == before[sheet.status] - 1
    assert after[target] == before[target] + 1
    # At the commit, the token is renewed (once for the transaction).
    assert callbacks == [figures_cache.renew]
    callbacks[0]()
    assert figures_cache._token() != token


def test_a_repeated_dashboard_is_read_from_the_cache(world, national):
    url = reverse("dashboards:national")
    with CaptureQueriesContext(connection) as first:
        board(national, url)
    with CaptureQueriesContext(connection) as second:
        board(national, url)
    assert len(second) < len(first) - 10
    figures_reads = [q["sql"] for q in second if "plans_actionsheet" in q["sql"]]
    assert figures_reads == []


def test_a_past_bilan_and_its_pdf_are_computed_once(world, national, monkeypatch):
    drawn = []
    real = report.bilan_pdf

    def counted(bilan):
        drawn.append(bilan.day)
        return real(bilan)

    monkeypatch.setattr(report, "bilan_pdf", counted)
    url = reverse("bilan:national_pdf") + "?date=2025-12-31"
    first, second = get(national, url), get(national, url)
    assert first.status_code == second.status_code == 200
    assert first.content == second.content and first.content.startswith(b"%PDF")
    assert drawn == [datetime.date(2025, 12, 31)]
    public = get(None, url)  # another perimeter: its own PDF
    assert drawn == [datetime.date(2025, 12, 31)] * 2
    assert public.content != first.content


def test_a_target_edited_outside_the_services_renews_the_data_version(
    world, django_capture_on_commit_callbacks
):
    target = Target.objects.order_by("pk").first()
    connection.run_on_commit.clear()  # the fixture's rows registered one already
    with django_capture_on_commit_callbacks() as callbacks:
        target.value += 1
        target.save()
        target.save()
    assert callbacks == [figures_cache.renew]  # once for the transaction


def test_the_similar_actions_are_kept_and_a_restriction_takes_a_fiche_out_at_once(sheets, national):
    fiche = sheets["F9"]
    first = [other.code for other in figures_cache.similar(fiche)]
    with CaptureQueriesContext(connection) as again:
        kept = [other.code for other in figures_cache.similar(fiche)]
    assert kept == first and first[0] == "V3"
    assert not [q["sql"] for q in again if "plans_actionsheet" in q["sql"]]
    close = sheets["close"]
    update_sheet(
        close,
        acting_user=national,
        expected_version=close.version,
        fields={"visibility": Visibility.RESTRICTED},
    )
    after = [other.code for other in figures_cache.similar(fiche)]
    assert "V3" not in after and "A1" in after
