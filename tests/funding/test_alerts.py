"""Alerts on the catalogue: saving a search, the periodic job that emails the new
matching schemes (daily or weekly), the command and the pages."""

import datetime
import re
from io import StringIO
from urllib.parse import urlsplit

import pytest
from django.core import mail, signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone

from territoires.audit.models import AuditEvent
from territoires.funding import alerts
from territoires.funding.models import SchemeAlert
from territoires.funding.tasks import send_scheme_alerts

from ..factories import SchemeFactory, UserFactory

pytestmark = pytest.mark.django_db
NOW = timezone.make_aware(datetime.datetime(2026, 11, 26, 6, 0))


def days(n):
    return datetime.timedelta(days=n)


@pytest.fixture
def user(db):
    return UserFactory(email="chef.projet@example.org")


def test_saving_an_alert_is_logged_and_checks_its_filters(user):
    alert = alerts.create_alert(acting_user=user, name="Friches", q="friches", region="44")
    assert alert.frequency == "weekly"
    assert AuditEvent.objects.get(verb="funding.alert_created").actor == user
    with pytest.raises(ValidationError) as error:
        alerts.create_alert(acting_user=user, name="Ailleurs", region="99")
    assert error.value.message_dict == {"region": ["Région inconnue : « 99 »."]}
    with pytest.raises(PermissionDenied):
        alerts.create_alert(acting_user=None, name="Anonyme")
    with pytest.raises(PermissionDenied):
        alerts.delete_alert(alert, acting_user=UserFactory())
    alerts.delete_alert(alert, acting_user=user)
    assert not SchemeAlert.objects.exists()


def test_the_job_emails_the_new_matching_schemes_once_per_period(user):
    alert = alerts.create_alert(acting_user=user, name="Friches", q="friches", frequency="daily")
    SchemeAlert.objects.filter(pk=alert.pk).update(created_at=NOW - days(2))
    SchemeFactory(name="Fonds friches", created_at=NOW - days(3))  # before the alert
    new = SchemeFactory(name="Recycler les friches", created_at=NOW - days(1))
    SchemeFactory(name="Rénovation énergétique", created_at=NOW - days(1))  # no match

    assert alerts.send_due_alerts(NOW) == 1
    message = mail.outbox[0]
    assert message.to == ["chef.projet@example.org"]
    assert message.subject == "1 nouveau dispositif : Friches"
    assert "Recycler les friches" in message.body and new.source_url in message.body
    assert "Fonds friches" not in message.body
    assert alerts.send_due_alerts(NOW + datetime.timedelta(hours=1)) == 0  # not due again
    SchemeFactory(name="Friches 2027", created_at=NOW + days(1) - datetime.timedelta(hours=1))
    assert alerts.send_due_alerts(NOW + days(1)) == 1
    assert "Friches 2027" in mail.outbox[1].body


def test_a_weekly_alert_waits_its_seven_days_and_nothing_new_sends_nothing(user):
    alert = alerts.create_alert(acting_user=user, name="Tout")
    SchemeAlert.objects.filter(pk=alert.pk).update(created_at=NOW - days(3))
    SchemeFactory(created_at=NOW - days(1))
    assert alerts.send_due_alerts(NOW) == 0 and not mail.outbox
    assert alerts.send_due_alerts(NOW + days(4)) == 1
    assert alerts.send_due_alerts(NOW + days(12)) == 0  # due, but nothing new


def test_the_task_and_the_command_run_the_job(user):
    alert = alerts.create_alert(acting_user=user, name="Tout", frequency="daily")
    SchemeAlert.objects.filter(pk=alert.pk).update(created_at=timezone.now() - days(2))
    SchemeFactory(created_at=timezone.now() - days(1))
    assert send_scheme_alerts.call() == 1
    out = StringIO()
    call_command("send_scheme_alerts", stdout=out)
    assert "0 courriel(s) envoyé(s)" in out.getvalue()


def test_the_catalogue_page_filters_and_saves_an_alert(user, login):
    SchemeFactory(name="Fonds friches", places=["r44"])
    SchemeFactory(name="Foncier du Morbihan", places=["d56"])
    page = login().get("/dispositifs/?region=44")
    assert page.status_code == 200
    assert "Fonds friches" in page.text and "Foncier du Morbihan" not in page.text
    assert "Être prévenu" not in page.text
    client = login(user)
    response = client.post(
        "/dispositifs/alertes/nouvelle/",
        {"name": "Grand Est", "frequency": "daily", "region": "44", "q": ""},
    )
    assert response.status_code == 302
    alert = SchemeAlert.objects.get()
    assert (alert.user, alert.region, alert.frequency) == (user, "44", "daily")
    listing = client.get("/dispositifs/alertes/")
    assert "Grand Est" in listing.text
    assert (
        login(UserFactory()).post(f"/dispositifs/alertes/{alert.pk}/supprimer/").status_code == 404
    )
    assert client.post(f"/dispositifs/alertes/{alert.pk}/supprimer/").status_code == 302
    assert not SchemeAlert.objects.exists()
    assert login().get("/dispositifs/alertes/").status_code == 302


def _emailed_unsubscribe_link(user):
    alert = alerts.create_alert(acting_user=user, name="Friches", q="friches", frequency="daily")
    SchemeAlert.objects.filter(pk=alert.pk).update(created_at=NOW - days(2))
    SchemeFactory(name="Recycler les friches", created_at=NOW - days(1))
    assert alerts.send_due_alerts(NOW) == 1
    message = mail.outbox[-1]
    link = re.search(r"(http\S+/desabonnement/\S+/)", message.body).group(1)
    return alert, message, link


def test_an_alert_email_stops_its_alert_in_one_click_without_an_account(user, client):
    alert, message, link = _emailed_unsubscribe_link(user)
    assert "Pour ne plus recevoir cette alerte (sans vous connecter) :" in message.body
    assert message.extra_headers["List-Unsubscribe"] == f"<{link}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    path = urlsplit(link).path

    page = client.get(path)  # nobody signed in; opening the link changes nothing
    assert page.status_code == 200 and "« Friches »" in page.text
    assert 'data-testid="unsubscribe-form"' in page.text
    assert SchemeAlert.objects.filter(pk=alert.pk).exists()

    done = client.post(path)  # the one button (or the mail client's one-click POST)
    assert done.status_code == 200
    assert "vous ne recevrez plus l’alerte « Friches »" in done.text
    assert not SchemeAlert.objects.filter(pk=alert.pk).exists()
    event = AuditEvent.objects.get(verb="funding.alert_unsubscribed")
    assert event.actor is None and event.object_id == alert.pk

    again = client.post(path)  # a second click: said, nothing more
    assert again.status_code == 200 and "Cette alerte n’existe plus" in again.text
    assert AuditEvent.objects.filter(verb="funding.alert_unsubscribed").count() == 1
    SchemeFactory(name="Friches 2027", created_at=NOW + days(1) - datetime.timedelta(hours=1))
    assert alerts.send_due_alerts(NOW + days(1)) == 0


def test_a_forged_or_altered_unsubscribe_link_is_refused_in_french(user, client):
    alert, _, link = _emailed_unsubscribe_link(user)
    other = alerts.create_alert(acting_user=UserFactory(), name="Autre")
    token = urlsplit(link).path.rstrip("/").rsplit("/", 1)[1]
    forged = signing.dumps({"a": other.pk, "u": other.user_id}, salt="autre-sel")
    for bad in (token[:-2] + "xx", forged, "n-importe-quoi"):
        response = client.post(f"/dispositifs/alertes/desabonnement/{bad}/")
        assert response.status_code == 400
        assert "Ce lien de désabonnement n’est pas valable" in response.text
    assert SchemeAlert.objects.count() == 2
    # A valid token names its owner too: it cannot reach the same number with another user.
    assert alerts.read_unsubscribe_token(alerts.unsubscribe_token(alert)) == alert


def test_the_catalogue_lists_the_regions_in_french_order(login):
    page = login().get("/dispositifs/").content.decode()
    select = page.split('name="region"')[1].split("</select>")[0]
    names = re.findall(r"<option[^>]*>([^<]+)</option>", select)
    hauts, ile, reunion = (
        names.index(n) for n in ("Hauts-de-France", "Île-de-France", "La Réunion")
    )
    assert hauts < ile < reunion  # no longer Île-de-France last
