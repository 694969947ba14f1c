"""Login by email, logout, and throttling of repeated failures (django-axes)."""

import pytest
from django.urls import reverse

from ..factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "mot-de-passe-solide-42"


@pytest.fixture
def user():
    return UserFactory(email="camille@example.org")


def _login(client, email, password):
    return client.post(
        reverse("accounts:login"), {"username": email, "password": password}, REMOTE_ADDR="10.0.0.1"
    )


def test_login_page_asks_for_an_email_address_in_french(client):
    response = client.get(reverse("accounts:login"))

    assert response.status_code == 200
    content = response.content.decode()
    assert "Adresse électronique" in content
    assert 'type="email"' in content
    assert "Mot de passe oublié" in content


def test_user_logs_in_with_email_and_password_whatever_the_case(client, user):
    response = _login(client, "Camille@Example.org", PASSWORD)

    assert response.status_code == 302
    assert response["Location"] == reverse("workspace:index")  # Mon espace
    assert client.session["_auth_user_id"] == str(user.pk)


def test_wrong_password_is_refused_with_a_french_message(client, user):
    response = _login(client, "camille@example.org", "pas-le-bon")

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "Adresse électronique ou mot de passe incorrect" in response.content.decode()


def test_logout_is_a_post_that_ends_the_session(client, user):
    client.force_login(user)

    assert client.get(reverse("accounts:logout")).status_code == 405
    response = client.post(reverse("accounts:logout"))

    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_after_five_failures_even_the_right_password_is_refused(client, user):
    for _ in range(5):
        _login(client, "camille@example.org", "pas-le-bon")

    response = _login(client, "camille@example.org", PASSWORD)

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    content = response.content.decode()
    assert "Connexion temporairement bloquée" in content
    assert "même avec le bon mot de passe" in content


def test_lockout_is_per_account_and_address_so_others_still_log_in(client, user):
    other = UserFactory(email="dominique@example.org")
    for _ in range(5):
        _login(client, "camille@example.org", "pas-le-bon")

    response = _login(client, "dominique@example.org", PASSWORD)

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(other.pk)
