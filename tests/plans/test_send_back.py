"""The status form chooses nothing in advance; the validators (Région, État, the
territory's éditeurs) send a fiche back for rework with a mandatory reason, recorded as a
workflow transition and shown in the fiche's history."""

import json
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from territoires.accounts.models import ApiToken
from territoires.plans import services, workflow
from territoires.plans.models import ActionSheet, Status, StatusTransition

from ..factories import ActionSheetFactory, ScopeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def presented(territory):
    return ActionSheetFactory(territory=territory, code="F4", status=Status.PRESENTED)


@pytest.fixture
def region_officer(territory):
    return ScopeFactory(kind="region", region=territory.region).user


def detail_url(sheet):
    return reverse("plans:sheet_detail", args=[sheet.territory.code, sheet.code])


def status_url(sheet):
    return reverse("plans:sheet_status", args=[sheet.territory.code, sheet.code])


def test_status_form_preselects_no_move(presented, editor, login):
    html = login(editor).get(detail_url(presented)).content.decode()

    select = re.search(r'<select name="target".*?</select>', html, re.S).group(0)
    assert '<option value="" selected disabled hidden>Choisir un changement de statut</option>' in (
        select
    )
    assert select.count(" selected") == 1
    assert "---------" not in select


def test_sending_the_form_without_a_choice_changes_nothing(presented, editor, login):
    response = login(editor).post(status_url(presented), {"target": "", "version": 1})

    assert response.status_code == 400
    assert "Choisissez le nouveau statut de la fiche." in response.content.decode()
    assert ActionSheet.objects.get(pk=presented.pk).status == Status.PRESENTED


def test_region_sends_a_presented_fiche_back_with_a_reason_shown_in_history(
    presented, region_officer, login
):
    client = login(region_officer)
    form = client.get(detail_url(presented)).content.decode()
    assert "Brouillon — Renvoyer pour être retravaillée" in form

    response = client.post(
        status_url(presented),
        {"target": Status.DRAFT, "comment": "Chiffrer le budget de fonctionnement.", "version": 1},
    )

    assert response.status_code == 302
    move = StatusTransition.objects.get(sheet=presented)
    assert (move.from_status, move.to_status, move.by, move.comment) == (
        Status.PRESENTED,
        Status.DRAFT,
        region_officer,
        "Chiffrer le budget de fonctionnement.",
    )
    history = client.get(detail_url(presented)).content.decode()
    assert "« Chiffrer le budget de fonctionnement. »" in history


def test_sending_back_without_a_reason_is_refused_and_writes_nothing(
    presented, region_officer, login
):
    response = login(region_officer).post(
        status_url(presented), {"target": Status.DRAFT, "comment": "  ", "version": 1}
    )

    assert response.status_code == 400
    assert "indiquez en commentaire ce qu&#x27;il faut revoir" in response.content.decode()
    presented.refresh_from_db()
    assert (presented.status, presented.version) == (Status.PRESENTED, 1)
    assert not StatusTransition.objects.exists()


def test_editor_sends_a_validated_fiche_back(territory, editor):
    sheet = ActionSheetFactory(territory=territory, status=Status.VALIDATED)

    services.change_status(sheet, Status.DRAFT, acting_user=editor, comment="Revoir les étapes")

    assert ActionSheet.objects.get(pk=sheet.pk).status == Status.DRAFT


def test_a_pilot_cannot_send_a_fiche_back(presented, contributor):
    presented.pilots.add(contributor.people.get())

    with pytest.raises(PermissionDenied):
        services.change_status(presented, Status.DRAFT, acting_user=contributor, comment="x")
    transition = workflow.get_transition(presented, Status.DRAFT)
    assert (transition.permission, transition.needs_reason) == ("validate", True)


def test_the_api_needs_the_reason_too(presented, editor, client):
    _, key = ApiToken.issue(editor, "tests")
    response = client.patch(
        f"/api/v1/action-sheets/{presented.pk}/",
        json.dumps({"version": 1, "status": Status.DRAFT}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {key}",
    )

    assert 400 <= response.status_code < 500
    assert "comment" in json.dumps(response.json()["error"])
    assert ActionSheet.objects.get(pk=presented.pk).status == Status.PRESENTED
    with pytest.raises(ValidationError):
        services.change_status(presented, Status.DRAFT, acting_user=editor)
