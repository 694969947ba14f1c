"""The "Étape du programme" block of the territory page and its form at
/territoires/<code>/etape/."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from territoires.programmes.services import ensure_territoires_d_industrie
from territoires.referential.models import StageChange
from territoires.referential.services import change_territory_stage

from ..factories import MembershipFactory, ProgrammeFactory, ScopeFactory, TerritoryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def territory():
    return TerritoryFactory(code="4403", programme=ensure_territoires_d_industrie())


@pytest.fixture
def officer(territory):
    user = ScopeFactory(kind="region", region=territory.region).user
    user.first_name, user.last_name = "Claire", "Région"
    user.save()
    return user


def client_for(user=None):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def stage(territory, code):
    return territory.programme.stages.get(code=code)


def page(territory, user=None):
    return client_for(user).get(reverse("territories:detail", args=[territory.code]))


def stage_url(territory):
    return reverse("territories:stage", args=[territory.code])


def test_region_records_a_stage_from_the_territory_page(territory, officer):
    client = client_for(officer)
    html = page(territory, officer).content.decode()
    assert 'id="stage-form"' in html
    labelled = stage(territory, "labellise")

    response = client.post(stage_url(territory), {"stage": labelled.pk, "comment": "Label"})

    assert response.status_code == 302
    assert response["Location"].endswith("#etape")
    territory.refresh_from_db()
    assert territory.stage == labelled
    change = StageChange.objects.get()
    assert (change.from_stage, change.to_stage, change.by, change.comment) == (
        None,
        labelled,
        officer,
        "Label",
    )
    html = client.get(response["Location"]).content.decode()
    assert f"Le territoire est maintenant à l&#x27;étape « {labelled.name} »" in html


def test_history_shows_who_and_why_to_members_only(territory, officer):
    when = timezone.make_aware(datetime.datetime(2018, 11, 22, 12))
    change_territory_stage(
        territory,
        stage(territory, "labellise"),
        acting_user=officer,
        comment="Décision du CIT",
        at=when,
    )
    change_territory_stage(territory, stage(territory, "plan-valide"), acting_user=officer)
    reader = MembershipFactory(territory=territory, role="reader").user

    html = page(territory, reader).content.decode()
    history = html.split('id="stage-history"')[1].split("</ol>")[0]
    assert history.count("data-stage-change=") == 2
    labelled, validated = stage(territory, "labellise"), stage(territory, "plan-valide")
    # Newest first (names as the template escapes them).
    assert history.index(escape(validated.name)) < history.index(escape(labelled.name))
    assert "22 novembre 2018" in history
    assert "Décision du CIT" in history and "Claire Région" in history
    public = page(territory).content.decode().split('id="stage-history"')[1].split("</ol>")[0]
    assert labelled.name in public and "22 novembre 2018" in public
    assert "Décision du CIT" not in public and "Claire Région" not in public


@pytest.mark.parametrize("role", ["reader", "editor", "admin"])
def test_form_is_not_shown_and_posting_is_403_for_non_scoped_users(territory, role):
    user = MembershipFactory(territory=territory, role=role).user if role else None
    assert 'id="stage-form"' not in page(territory, user).content.decode()

    response = client_for(user).post(
        stage_url(territory), {"stage": stage(territory, "labellise").pk}
    )

    assert response.status_code == 403
    assert not StageChange.objects.exists()


def test_anonymous_posting_is_sent_to_the_login_page(territory):
    assert 'id="stage-form"' not in page(territory, None).content.decode()

    response = client_for(None).post(
        stage_url(territory),
        {"stage": stage(territory, "labellise").pk},
        headers={
            "referer": "http://testserver" + reverse("territories:detail", args=[territory.code])
        },
    )

    assert response.status_code == 302
    assert response["Location"].startswith("/compte/connexion/?next=/territoires/4403/")
    assert not StageChange.objects.exists()


def test_going_back_without_comment_shows_the_service_error(territory, officer):
    change_territory_stage(territory, stage(territory, "plan-valide"), acting_user=officer)

    response = client_for(officer).post(
        stage_url(territory), {"stage": stage(territory, "labellise").pk, "comment": " "}
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert "est une correction : indiquez-en la raison en commentaire" in html
    assert 'aria-expanded="true" aria-controls="acc-stage"' in html
    territory.refresh_from_db()
    assert territory.stage.code == "plan-valide" and StageChange.objects.count() == 1


@pytest.mark.parametrize("value", ["", "abc", "999999", "foreign"])
def test_malformed_or_foreign_stage_is_an_invalid_choice(territory, officer, value):
    if value == "foreign":
        other = ProgrammeFactory(slug="autre", name="Autre programme")
        value = other.stages.create(code="x", name="Étape étrangère", position=1).pk

    response = client_for(officer).post(stage_url(territory), {"stage": value})

    assert response.status_code == 400
    html = response.content.decode()
    assert "Choisissez une étape du programme dans la liste." in html or (
        "Ce champ est obligatoire." in html
    )
    assert not StageChange.objects.exists()


def test_unknown_territory_is_404_and_get_is_not_allowed(territory, officer):
    assert client_for(officer).post("/territoires/0000/etape/", {}).status_code == 404
    assert client_for(officer).get(stage_url(territory)).status_code == 405
