"""API v1: meetings (events) with their agenda, and the companies' feedback on a fiche."""

import pytest
from django.utils import timezone

from territoires.accounts.models import ApiToken, Membership
from territoires.meetings import services
from territoires.meetings.models import SheetFeedback

from ..factories import (
    ActionSheetFactory,
    MeetingFactory,
    TerritoryFactory,
    member,
)

pytestmark = pytest.mark.django_db


def bearer(user):
    _, key = ApiToken.issue(user, "test")
    return {"authorization": f"Bearer {key}"}


@pytest.fixture
def meeting(territory, editor):
    meeting = MeetingFactory(territory=territory, date=timezone.localdate(), title="After Work")
    public = ActionSheetFactory(territory=territory, code="F8", title="Métiers de l'industrie")
    secret = ActionSheetFactory(
        territory=territory, code="F4", title="Dossier ICPE", visibility="restricted"
    )
    services.set_agenda(
        meeting,
        acting_user=editor,
        expected_version=1,
        items=[{"title": "Les fiches", "sheets": [(public, None), (secret, None)]}],
    )
    meeting.sheets = {"F8": public, "F4": secret}
    return meeting


def test_events_list_public_ones_to_anyone_and_filters_by_territory(client, meeting, reader):
    MeetingFactory(territory=meeting.territory, title="Comité", visibility="restricted")
    MeetingFactory(territory=TerritoryFactory(code="5301"), title="Ailleurs")
    body = client.get("/api/v1/events/", {"territory": "4403"}).json()
    assert [e["title"] for e in body["items"]] == ["After Work"]
    event = body["items"][0]
    assert (event["territory"], event["kind_label"], event["start_time"]) == (
        "4403",
        "After Work",
        "18:00:00",
    )
    as_reader = client.get("/api/v1/events/", {"territory": "4403"}, headers=bearer(reader))
    assert sorted(e["title"] for e in as_reader.json()["items"]) == ["After Work", "Comité"]


def test_an_event_comes_with_its_agenda_without_the_fiches_the_caller_cannot_see(
    client, meeting, reader
):
    url = f"/api/v1/events/{meeting.pk}/"
    body = client.get(url).json()
    [item] = body["agenda"]
    assert [s["code"] for s in item["sheets"]] == ["F8"]
    assert "Dossier ICPE" not in str(body)
    body = client.get(url, headers=bearer(reader)).json()
    assert [s["code"] for s in body["agenda"][0]["sheets"]] == ["F8", "F4"]
    restricted = MeetingFactory(territory=meeting.territory, visibility="restricted")
    response = client.get(f"/api/v1/events/{restricted.pk}/")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_feedback_is_given_once_and_read_by_the_territory(client, meeting, reader):
    company = member(TerritoryFactory(code="5301"), Membership.Role.READER)
    url = f"/api/v1/action-sheets/{meeting.sheets['F8'].pk}/feedback/"
    payload = {
        "meeting_id": meeting.pk,
        "interest": "ready_to_commit",
        "needs": ["training"],
        "commitments": ["apprentices"],
        "comment": "<b>Partants</b>",
        "organisation_name": "Usine",
    }
    assert client.post(url, payload, content_type="application/json").status_code == 401
    created = client.post(url, payload, content_type="application/json", headers=bearer(company))
    assert created.status_code == 201, created.json()
    saved = SheetFeedback.objects.get()
    assert (saved.email, saved.comment, saved.user) == (company.email, "Partants", company)
    again = client.post(url, payload, content_type="application/json", headers=bearer(company))
    assert again.status_code == 409 and again.json()["error"]["code"] == "conflict"
    assert client.get(url, headers=bearer(company)).status_code == 403
    listed = client.get(url, headers=bearer(reader)).json()
    assert listed["count"] == 1 and listed["items"][0]["organisation_name"] == "Usine"
    assert {"interest": "ready_to_commit", "label": "Prêt à s'engager", "count": 1} in listed[
        "interest"
    ]
    bad = client.post(
        url,
        {**payload, "email": "autre@usine.example", "needs": ["teleportation"]},
        content_type="application/json",
        headers=bearer(company),
    )
    assert bad.status_code == 422
    assert SheetFeedback.objects.count() == 1


def test_feedback_on_a_fiche_the_caller_cannot_see_is_not_found(client, meeting):
    company = member(TerritoryFactory(code="5301"), Membership.Role.READER)
    url = f"/api/v1/action-sheets/{meeting.sheets['F4'].pk}/feedback/"
    payload = {"meeting_id": meeting.pk, "interest": "interested", "organisation_name": "Usine"}
    response = client.post(url, payload, content_type="application/json", headers=bearer(company))
    assert response.status_code == 404
    assert "Dossier ICPE" not in response.content.decode()
    assert not SheetFeedback.objects.exists()


def test_event_detail_queries(sql_snapshot, client, meeting, reader):
    headers = bearer(reader)
    with sql_snapshot():
        assert client.get(f"/api/v1/events/{meeting.pk}/", headers=headers).status_code == 200


def test_feedback_list_queries(sql_snapshot, client, meeting, reader):
    headers = bearer(reader)
    url = f"/api/v1/action-sheets/{meeting.sheets['F8'].pk}/feedback/"
    with sql_snapshot():
        assert client.get(url, headers=headers).status_code == 200
