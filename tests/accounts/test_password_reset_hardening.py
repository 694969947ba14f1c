"""Password reset tells nothing about which addresses have an account, is rate-limited per
address and per IP address, and revokes the API tokens of the account it resets."""

import re

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.timezone import localtime
from django_tasks_db.models import DBTaskResult

from territoires.accounts.models import ApiToken
from territoires.accounts.services import issue_api_token
from territoires.core.models import Throttle

from ..factories import UserFactory
from .worker import run_worker_once

pytestmark = pytest.mark.django_db

LINK = re.compile(r"https?://[^/\s]+(/compte/mot-de-passe/nouveau/\S+/)")
NUMBERS = re.compile(r"\b\d+\b|'[^']*'|\"[^\"]*\"")


def _ask(client, email, ip="10.0.0.1"):
    return client.post(reverse("accounts:password_reset"), {"email": email}, REMOTE_ADDR=ip)


def _shape(queries):
    """The SQL of each query with its values blanked: what work was done, not on what."""
    return [NUMBERS.sub("?", query["sql"]) for query in queries]


def test_known_and_unknown_addresses_take_the_same_path_through_the_task_queue(client):
    UserFactory(email="connue@example.org")
    _ask(client, "echauffement@example.org", ip="10.0.0.9")  # first-request costs out of the way

    with CaptureQueriesContext(connection) as known:
        known_response = _ask(client, "connue@example.org")
    with CaptureQueriesContext(connection) as unknown:
        unknown_response = _ask(client, "inconnue@example.org")

    assert known_response.status_code == unknown_response.status_code == 302
    assert known_response["Location"] == unknown_response["Location"]
    assert _shape(known.captured_queries) == _shape(unknown.captured_queries)
    assert not any("accounts_user" in q["sql"] for q in known.captured_queries)
    tasks = DBTaskResult.objects.order_by("enqueued_at")
    assert [t.task_path for t in tasks] == ["territoires.accounts.tasks.send_password_reset"] * 3


@pytest.mark.django_db(transaction=True)  # the worker closes its connection
def test_the_worker_sends_the_link_only_to_an_existing_active_account(client):
    UserFactory(email="connue@example.org")
    UserFactory(email="partie@example.org", is_active=False)
    for address in ("Connue@Example.org", "inconnue@example.org", "partie@example.org"):
        _ask(client, address)

    run_worker_once()

    assert [message.to for message in mail.outbox] == [["connue@example.org"]]
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}


def test_requests_are_limited_per_address_whatever_its_case_with_a_french_429(client, settings):
    settings.PASSWORD_RESET_LIMIT_PER_ADDRESS = 3
    UserFactory(email="camille@example.org")
    variants = ["camille@example.org", "Camille@example.org", " CAMILLE@EXAMPLE.ORG"]
    for index, variant in enumerate(variants):
        _ask(client, variant, ip=f"10.0.1.{index}")

    response = _ask(client, "camille@example.org", ip="10.0.1.99")

    assert response.status_code == 429
    assert "Trop de demandes de nouveau mot de passe" in response.content.decode()
    assert int(response["Retry-After"]) > 0
    assert DBTaskResult.objects.count() == 3
    assert _ask(client, "dominique@example.org", ip="10.0.1.99").status_code == 302


def test_the_limit_answers_an_unknown_address_exactly_like_a_known_one(client, settings):
    settings.PASSWORD_RESET_LIMIT_PER_ADDRESS = 1
    UserFactory(email="connue@example.org")
    _ask(client, "connue@example.org", ip="10.0.2.1")
    _ask(client, "inconnue@example.org", ip="10.0.2.2")

    known = _ask(client, "connue@example.org", ip="10.0.2.3")
    unknown = _ask(client, "inconnue@example.org", ip="10.0.2.4")

    assert known.status_code == unknown.status_code == 429
    strip = re.compile(r'(value|content)="[^"]*"')  # CSRF tokens, the address typed
    assert strip.sub("", known.content.decode()) == strip.sub("", unknown.content.decode())


def test_requests_are_limited_per_ip_address(client, settings):
    settings.PASSWORD_RESET_LIMIT_PER_IP = 2
    _ask(client, "a@example.org", ip="10.0.3.1")
    _ask(client, "b@example.org", ip="10.0.3.1")

    assert _ask(client, "c@example.org", ip="10.0.3.1").status_code == 429
    assert _ask(client, "c@example.org", ip="10.0.3.2").status_code == 302


def test_behind_the_proxy_the_client_is_the_address_the_proxy_appended(client, settings):
    settings.BEHIND_PROXY = True
    settings.PASSWORD_RESET_LIMIT_PER_IP = 1
    proxy = {"REMOTE_ADDR": "192.168.0.2"}

    first = client.post(
        reverse("accounts:password_reset"),
        {"email": "a@example.org"},
        HTTP_X_FORWARDED_FOR="1.1.1.1, 203.0.113.7",
        **proxy,
    )
    # A client that writes its own X-Forwarded-For only adds entries on the left.
    spoofed = client.post(
        reverse("accounts:password_reset"),
        {"email": "b@example.org"},
        HTTP_X_FORWARDED_FOR="9.9.9.9, 203.0.113.7",
        **proxy,
    )
    other_client = client.post(
        reverse("accounts:password_reset"),
        {"email": "c@example.org"},
        HTTP_X_FORWARDED_FOR="203.0.113.8",
        **proxy,
    )

    assert (first.status_code, spoofed.status_code, other_client.status_code) == (302, 429, 302)


def test_the_counters_keep_no_address_in_clear(client):
    _ask(client, "camille@example.org")

    keys = list(Throttle.objects.values_list("key", flat=True))
    assert len(keys) == 2
    assert not any("camille" in key or "10.0.0.1" in key for key in keys)


@pytest.mark.django_db(transaction=True)  # the worker closes its connection
def test_choosing_a_new_password_revokes_the_api_tokens_and_says_so(client):
    user = UserFactory(email="camille@example.org")
    issue_api_token(acting_user=user, name="tableur")
    issue_api_token(acting_user=user, name="script")
    other, _ = issue_api_token(acting_user=UserFactory(), name="le sien")
    _ask(client, "camille@example.org")
    run_worker_once()
    body = mail.outbox[0].body
    assert "révoque vos jetons d'API" in body

    form_page = client.get(LINK.search(body).group(1), follow=True)
    assert "révoque vos jetons d'API" in form_page.content.decode()
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "Langres-Chaumont-2019", "new_password2": "Langres-Chaumont-2019"},
        follow=True,
    )

    assert "Vos jetons d&#x27;API ont été révoqués (2)" in done.content.decode()
    assert not ApiToken.objects.filter(user=user, revoked_at__isnull=True).exists()
    other.refresh_from_db()
    assert other.is_active


def test_profile_shows_when_each_token_was_last_used(client):
    user = UserFactory()
    token, key = issue_api_token(acting_user=user, name="tableur")
    client.get("/api/v1/action-sheets/", HTTP_AUTHORIZATION=f"Bearer {key}")
    token.refresh_from_db()
    client.force_login(user)

    page = client.get(reverse("accounts:profile")).content.decode()

    assert token.last_used_at is not None
    assert "Dernière utilisation" in page
    assert f"{localtime(token.last_used_at):%d/%m/%Y %H:%M}" in page
