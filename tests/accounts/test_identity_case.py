"""An email address is one identity whatever its letter case: login, lock-out, password
reset, invitations and the uniqueness of accounts all see `Region@…` as `region@…`."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from territoires.accounts import services
from territoires.accounts.identity import normalize_email
from territoires.accounts.models import Membership, User

from ..factories import UserFactory, member

pytestmark = pytest.mark.django_db

PASSWORD = "mot-de-passe-solide-42"


@pytest.fixture
def user():
    return UserFactory(email="region@example.org")


def _login(client, email, password, ip="10.0.0.1"):
    return client.post(
        reverse("accounts:login"), {"username": email, "password": password}, REMOTE_ADDR=ip
    )


def test_lockout_of_an_address_also_refuses_the_same_address_in_other_letter_cases(client, user):
    for _ in range(5):
        _login(client, "region@example.org", "pas-le-bon")

    for variant in ("reGion@example.org", "REGION@EXAMPLE.ORG", " Region@Example.org "):
        response = _login(client, variant, PASSWORD)

        assert response.status_code == 429, variant
        assert "_auth_user_id" not in client.session


def test_failures_in_different_letter_cases_count_towards_one_lockout(client, user):
    for variant in ("Region@example.org", "REGION@example.org", "region@EXAMPLE.org"):
        _login(client, variant, "pas-le-bon")
        _login(client, variant.swapcase(), "pas-le-bon")

    response = _login(client, "region@example.org", PASSWORD)

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_successful_login_in_another_case_clears_the_failures_of_the_address(client, user):
    for _ in range(4):
        _login(client, "REGION@example.org", "pas-le-bon")
    assert _login(client, "Region@Example.org", PASSWORD).status_code == 302
    client.logout()

    for _ in range(4):
        _login(client, "region@example.org", "pas-le-bon")

    assert _login(client, "region@example.org", PASSWORD).status_code == 302


def test_normalize_email_folds_case_spaces_and_compatibility_characters():
    assert normalize_email("  Camille.Martin@Example.ORG ") == "camille.martin@example.org"
    # A full-width "Ａ" (U+FF21) is the same letter as "a" once NFKC-normalised.
    assert normalize_email("\uff21lex@example.org") == "alex@example.org"
    assert normalize_email("") == ""
    assert normalize_email(None) == ""


def test_manager_stores_the_normalised_address():
    user = User.objects.create_user("  Dominique@Example.ORG ", PASSWORD)

    assert user.email == "dominique@example.org"
    assert User.objects.get_by_natural_key("DOMINIQUE@example.org") == user


def test_saving_an_account_stores_the_normalised_address():
    user = UserFactory(email="Claude@Example.org")
    user.email = "CLAUDE.Bis@Example.org"
    user.save()

    user.refresh_from_db()
    assert user.email == "claude.bis@example.org"


def test_database_refuses_two_accounts_whose_addresses_differ_only_by_case(user):
    other = UserFactory(email="autre@example.org")

    with pytest.raises(IntegrityError), transaction.atomic():
        # A raw UPDATE bypasses every Python normalisation: only the database stops it.
        User.objects.filter(pk=other.pk).update(email="Region@Example.org")


def test_model_validation_refuses_a_case_duplicate_in_french(user):
    duplicate = User(email="REGION@example.org")
    duplicate.set_unusable_password()

    with pytest.raises(ValidationError) as caught:
        duplicate.full_clean()

    assert "Un compte utilise déjà cette adresse électronique." in str(caught.value)


def test_password_reset_in_another_case_reaches_the_account(client, user):
    response = client.post(reverse("accounts:password_reset"), {"email": "REGION@Example.org"})

    assert response.status_code == 302
    assert DBTaskResult.objects.count() == 1


def test_inviting_an_address_in_another_case_links_the_existing_account(territory, user):
    admin = member(territory, Membership.Role.ADMIN)

    membership, created = services.add_member(
        territory, email="  Region@EXAMPLE.org", role=Membership.Role.READER, acting_user=admin
    )

    assert created is False
    assert membership.user == user
    assert User.objects.filter(email__iexact="region@example.org").count() == 1
