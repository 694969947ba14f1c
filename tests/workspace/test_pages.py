"""Mon espace: where a signed-in person lands, what it shows, the validation queue, the
follow button and the notification settings."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from territoires.funding.models import LineStatus
from territoires.plans import services
from territoires.plans.models import Status
from territoires.workspace.models import Follow, NotificationSettings

from ..factories import (
    ActionSheetFactory,
    FundingLineFactory,
    MeetingFactory,
    SheetEventFactory,
    StepFactory,
    TerritoryFactory,
)

pytestmark = pytest.mark.django_db
INDEX = "/mon-espace/"


def test_login_lands_in_my_space(client, pilot):
    pilot.set_password("mot-de-passe-solide-42")
    pilot.save()
    response = client.post(
        reverse("accounts:login"),
        {"username": pilot.email, "password": "mot-de-passe-solide-42"},
    )
    assert response.status_code == 302
    assert response["Location"] == INDEX


def test_anonymous_visitors_are_sent_to_login(client):
    response = client.get(INDEX)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_my_space_shows_my_fiches_and_what_waits(login, territory, sheet, pilot, editor):
    today = timezone.localdate()
    StepFactory(sheet=sheet, title="Réunir les lycées", due_on=today - datetime.timedelta(days=3))
    StepFactory(
        sheet=sheet, title="Étape faite", due_on=today - datetime.timedelta(days=3), done=True
    )
    FundingLineFactory(
        sheet=sheet,
        status=LineStatus.REQUESTED,
        requested_on=today - datetime.timedelta(days=200),
        financer__name="Banque des Territoires",
    )
    SheetEventFactory(sheet=sheet, object_label="F9 Former à la maintenance industrielle")
    body = login(pilot).get(INDEX).content.decode()
    assert "F9 Former à la maintenance industrielle" in body
    assert "Je la pilote" in body
    assert "Réunir les lycées" in body
    assert "Étape faite" not in body
    assert "Banque des Territoires" in body
    assert "Derniers changements sur mes territoires" in body
    assert "Modification" in body  # the audit event, in French
    assert "Fiches à valider" not in body  # a contributeur validates nothing


def test_editors_see_fiches_to_validate_and_meetings_to_prepare(login, territory, sheet, editor):
    MeetingFactory(
        territory=territory,
        title="Comité de projet de printemps",
        date=timezone.localdate() + datetime.timedelta(days=10),
    )
    MeetingFactory(territory=territory, title="Vieille rencontre", date=datetime.date(2019, 9, 9))
    body = login(editor).get(INDEX).content.decode()
    assert 'data-waiting="F9"' in body
    assert "Comité de projet de printemps" in body
    assert "Vieille rencontre" not in body


def test_recent_changes_are_paged(login, territory, sheet, editor):
    for n in range(25):
        SheetEventFactory(sheet=sheet, object_label=f"Événement {n:02d}")
    client = login(editor)
    first = client.get(INDEX).content.decode()
    second = client.get(INDEX + "?page=2").content.decode()
    assert "Événement 24" in first and "Événement 04" not in first
    assert "Événement 04" in second and "Événement 24" not in second
    assert "Plus anciens" in first and "Plus récents" in second
    assert client.get(INDEX + "?page=abc").status_code == 200


def test_the_region_queue_lists_its_presented_fiches_only(login, territory, sheet, region_user):
    elsewhere = TerritoryFactory(code="5301", name="Lorient")
    ActionSheetFactory(territory=elsewhere, code="F1", title="Hors champ", status=Status.PRESENTED)
    ActionSheetFactory(territory=territory, code="F2", title="Brouillon", status=Status.DRAFT)
    body = login(region_user).get(reverse("workspace:queue")).content.decode()
    assert "Former à la maintenance industrielle" in body
    assert "Hors champ" not in body and "Brouillon</a>" not in body
    assert "Valider la fiche" in body and "Renvoyer pour être retravaillée" in body


def test_the_queue_filters_by_territory_and_axis(login, territory, sheet, region_user):
    client = login(region_user)
    url = reverse("workspace:queue")
    assert "F9" in client.get(url + "?territory=4403&axis=attirer").content.decode()
    body = client.get(url + "?axis=innover").content.decode()
    assert "Former à la maintenance" not in body
    assert client.get(url + "?territory=nimporte&axis=%22%27").status_code == 200


def test_the_queue_s_territories_come_in_french_order(login, territory, sheet, region_user):
    for code, name in (("4497", "Fumel"), ("4498", "Évry-Corbeil"), ("4499", "Dax")):
        TerritoryFactory(code=code, name=name, region=territory.region)
    body = login(region_user).get(reverse("workspace:queue")).content.decode()
    select = body.split('name="territory"')[1].split("</select>")[0]
    assert select.index("Dax (4499)") < select.index("Évry-Corbeil (4498)") < select.index("Fumel")


def test_the_queue_is_refused_to_those_who_validate_nothing(login, reader):
    assert login(reader).get(reverse("workspace:queue")).status_code == 403


def test_validating_from_the_queue(login, sheet, region_user):
    response = login(region_user).post(
        reverse("plans:sheet_status", args=["4403", "F9"]),
        {"target": "validated", "version": sheet.version},
    )
    assert response.status_code == 302
    sheet.refresh_from_db()
    assert sheet.status == Status.VALIDATED


def test_follow_and_unfollow_from_the_fiche_page(login, territory, sheet, reader):
    client = login(reader)
    page = reverse("plans:sheet_detail", args=["4403", "F9"])
    assert "Suivre cette fiche" in client.get(page).content.decode()
    client.post(reverse("workspace:follow", args=["4403", "F9"]))
    assert Follow.objects.filter(user=reader, sheet=sheet).exists()
    assert "Ne plus suivre" in client.get(page).content.decode()
    assert "Je la suis" in client.get(INDEX).content.decode()
    client.post(reverse("workspace:unfollow", args=["4403", "F9"]))
    assert not Follow.objects.exists()


def test_the_pilot_sees_the_rework_notification_and_marks_it_read(login, sheet, pilot, region_user):
    services.change_status(
        sheet, Status.DRAFT, acting_user=region_user, comment="Précisez les lycées."
    )
    client = login(pilot)
    body = client.get(INDEX).content.decode()
    assert "renvoyée pour être retravaillée" in body
    assert "Précisez les lycées." in body
    assert "1 non lue" in body
    client.post(reverse("workspace:mark_all_read"))
    assert "non lue" not in client.get(INDEX).content.decode()


def test_notification_settings_form(login, pilot):
    client = login(pilot)
    url = reverse("workspace:settings")
    assert client.get(url).status_code == 200
    assert client.post(url, {"frequency": "weekly"}).status_code == 302
    settings = NotificationSettings.objects.get(user=pilot)
    assert settings.frequency == "weekly"
    response = client.post(url, {"frequency": "hourly", "version": settings.version})
    assert response.status_code == 400
    assert client.post(url, {"frequency": "none", "version": 99}).status_code == 400
    assert client.post(url, {"frequency": "none", "version": settings.version}).status_code == 302
    assert NotificationSettings.objects.get(user=pilot).frequency == "none"
