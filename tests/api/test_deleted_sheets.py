"""A deleted fiche (in its territory's bin) is absent from every answer of the API, even
for those who may restore it from the bin page: lists, search, filters, detail, history,
writes and the relation fields of other fiches."""

import json

import pytest

from territoires.accounts.models import Membership
from territoires.plans import services
from territoires.plans.models import Tag

from .conftest import bearer

pytestmark = pytest.mark.django_db

LIST_URL = "/api/v1/action-sheets/"


@pytest.fixture
def bin_keeper(world):
    """An editor of 4403: may see and restore the bin's fiches on the pages."""
    return world.member(world.territory_a, Membership.Role.EDITOR)


@pytest.fixture
def deleted(world, bin_keeper):
    sheet = world.restricted_a
    sheet.tags.add(Tag.objects.create(name="foncier"))
    world.public_a.related_sheets.add(sheet)
    services.update_sheet(
        sheet,
        acting_user=bin_keeper,
        expected_version=sheet.version,
        fields={"title": "Foncier économique révisé"},
    )
    return services.delete_sheet(sheet, acting_user=bin_keeper)


@pytest.fixture(params=["bin_keeper", "national"])
def header(request, world, bin_keeper, national):
    user = bin_keeper if request.param == "bin_keeper" else national
    return {"HTTP_AUTHORIZATION": bearer(user)}


def _ids(response):
    assert response.status_code == 200
    return [item["id"] for item in response.json()["items"]]


def test_lists_search_and_filters_leave_the_deleted_fiche_out(api_client, world, deleted, header):
    for params in ({}, {"q": "foncier"}, {"tag": "foncier"}, {"territory": "4403"}):
        assert deleted.pk not in _ids(api_client.get(LIST_URL, params, **header)), params


def test_detail_history_and_patch_of_a_deleted_fiche_answer_like_an_unknown_id(
    api_client, deleted, header
):
    unknown = 10**9
    for suffix, method, body in (
        ("", "get", None),
        ("history/", "get", None),
        ("", "patch", json.dumps({"version": deleted.version, "title": "Retour"})),
    ):
        answers = []
        for sheet_id in (deleted.pk, unknown):
            call = getattr(api_client, method)
            url = f"{LIST_URL}{sheet_id}/{suffix}"
            kwargs = {"content_type": "application/json"} if body else {}
            response = call(url, body, **kwargs, **header) if body else call(url, **header)
            answers.append((response.status_code, response.json()["error"]["code"]))
        assert answers[0] == answers[1] == (404, "not_found"), (suffix, method)
    deleted.refresh_from_db()
    assert deleted.title == "Foncier économique révisé"


def test_other_fiches_do_not_name_the_deleted_fiche_among_their_related_ones(
    api_client, world, deleted, header
):
    body = api_client.get(f"{LIST_URL}{world.public_a.pk}/", **header).json()

    assert body["related_sheets"] == []
    assert "deleted_at" not in body


def test_territory_counts_leave_the_deleted_fiche_out(api_client, world, deleted, header):
    body = api_client.get("/api/v1/territories/4403/", **header).json()

    assert body["action_sheet_count"] == 1
    assert sum(axis["action_sheet_count"] for axis in body["axes"]) == 1
