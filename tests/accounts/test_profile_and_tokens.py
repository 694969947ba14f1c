"""The profile page: territories, roles, scopes, and personal API tokens."""

import re

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from territoires.accounts.models import ApiToken, Membership, Scope
from territoires.accounts.services import issue_api_token, revoke_api_token

from ..factories import (
    DepartmentFactory,
    MembershipFactory,
    RegionFactory,
    ScopeFactory,
    TerritoryFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

KEY = re.compile(r"ti_[A-Za-z0-9_\-]{20,}")


@pytest.fixture
def user():
    return UserFactory(email="camille@example.org")


def test_profile_requires_login(client):
    response = client.get(reverse("accounts:profile"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_profile_shows_territories_roles_and_scopes(client, user):
    grand_est = RegionFactory(code="44", name="Grand Est")
    haute_marne = DepartmentFactory(code="52", name="Haute-Marne", region=grand_est)
    langres = TerritoryFactory(code="4403", name="Bassins de Langres - Chaumont", region=grand_est)
    troyes = TerritoryFactory(code="4412", name="Troyes - Bar-sur-Aube", region=grand_est)
    MembershipFactory(user=user, territory=langres, role=Membership.Role.ADMIN)
    MembershipFactory(user=user, territory=troyes, role=Membership.Role.READER)
    ScopeFactory(user=user, kind=Scope.Kind.STATE, department=haute_marne)
    client.force_login(user)

    content = client.get(reverse("accounts:profile")).content.decode()

    assert "4403 Bassins de Langres - Chaumont" in content
    assert "Administrateur" in content
    assert "4412 Troyes - Bar-sur-Aube" in content
    assert "Lecteur" in content
    assert "Haute-Marne (52)" in content
    members_url = reverse("accounts:territory_members", kwargs={"territory_code": "4403"})
    assert members_url in content
    assert reverse("accounts:territory_members", kwargs={"territory_code": "4412"}) not in content


def test_created_token_key_is_shown_once_and_only_its_hash_is_stored(client, user):
    client.force_login(user)

    response = client.post(reverse("accounts:api_token_create"), {"name": "tableur de suivi"})

    assert response.status_code == 200
    key = KEY.search(response.content.decode()).group(0)
    token = ApiToken.objects.get(user=user)
    assert token.name == "tableur de suivi"
    assert token.key_hash == ApiToken.hash_key(key)
    assert key not in (token.key_hash, token.hint, token.name)
    assert key.startswith(token.hint)
    assert "no-store" in response["Cache-Control"]
    again = client.get(reverse("accounts:profile")).content.decode()
    assert key not in again
    assert "tableur de suivi" in again
    assert f"{token.hint}…" in again


def test_token_needs_a_name(client, user):
    client.force_login(user)

    response = client.post(reverse("accounts:api_token_create"), {"name": ""})

    assert response.status_code == 400
    assert not ApiToken.objects.exists()


def test_user_revokes_own_token(client, user):
    token, _ = issue_api_token(acting_user=user, name="script")
    client.force_login(user)

    response = client.post(reverse("accounts:api_token_revoke", kwargs={"pk": token.pk}))

    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    page = client.get(reverse("accounts:profile")).content.decode()
    assert "Révoqué le" in page


def test_another_users_token_cannot_be_revoked(client, user):
    other = UserFactory(email="dominique@example.org")
    token, _ = issue_api_token(acting_user=other, name="le sien")
    client.force_login(user)

    response = client.post(reverse("accounts:api_token_revoke", kwargs={"pk": token.pk}))

    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
    with pytest.raises(PermissionDenied):
        revoke_api_token(token, acting_user=user)
    token.refresh_from_db()
    assert token.revoked_at is None


def test_revoke_is_post_only(client, user):
    token, _ = issue_api_token(acting_user=user, name="script")
    client.force_login(user)

    response = client.get(reverse("accounts:api_token_revoke", kwargs={"pk": token.pk}))

    assert response.status_code == 405
    token.refresh_from_db()
    assert token.revoked_at is None
