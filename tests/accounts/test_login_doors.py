"""The doors around a session: a new session key at login, `next` only inside the site,
logout only by POST, the admin only for staff, and its login throttled like the site's."""

import pytest
from django.conf import settings
from django.urls import reverse

from ..factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "mot-de-passe-solide-42"


@pytest.fixture
def user():
    return UserFactory(email="camille@example.org")


def _login(client, email=None, password=PASSWORD, next_url=None, url=None):
    data = {"username": email or "camille@example.org", "password": password}
    if next_url is not None:
        data["next"] = next_url
    return client.post(url or reverse("accounts:login"), data, REMOTE_ADDR="10.0.0.1")


def test_logging_in_gives_a_new_session_key(client, user):
    session = client.session
    session["avant"] = "connexion"
    session.save()
    before = client.cookies[settings.SESSION_COOKIE_NAME].value

    _login(client)

    after = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert after != before
    assert client.session["_auth_user_id"] == str(user.pk)


@pytest.mark.parametrize(
    "next_url",
    [
        "https://pirate.example/",
        "//pirate.example/",
        "/\\pirate.example/",
        "\\\\pirate.example",
        "https:pirate.example",
        "javascript:alert(1)",
        " https://pirate.example/",
    ],
)
def test_next_outside_the_site_is_ignored(client, user, next_url):
    response = _login(client, next_url=next_url)

    assert response.status_code == 302
    assert response["Location"] == reverse("workspace:index")  # Mon espace


def test_next_inside_the_site_is_followed(client, user):
    response = _login(client, next_url="/compte/profil/")

    assert response["Location"] == "/compte/profil/"


def test_logout_by_get_changes_nothing(client, user):
    client.force_login(user)

    assert client.get(reverse("accounts:logout")).status_code == 405
    assert client.session["_auth_user_id"] == str(user.pk)


def test_admin_is_closed_to_a_signed_in_user_who_is_not_staff(client, user):
    client.force_login(user)

    response = client.get("/admin/")

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    page = client.get(response["Location"])
    assert "_auth_user_id" in client.session
    assert "accounts/user" not in page.content.decode()


def test_admin_login_refuses_a_non_staff_account(client, user):
    response = _login(client, url="/admin/login/?next=/admin/")

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_admin_login_shares_the_lockout_of_the_address_whatever_its_case(client, user):
    staff = UserFactory(email="national@example.org", is_staff=True, is_superuser=True)
    for _ in range(5):
        _login(client, "NATIONAL@example.org", "pas-le-bon")

    response = _login(client, "national@example.org", url="/admin/login/?next=/admin/")

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert staff.is_staff
