"""Migration 0004 folds stored addresses and merges accounts that differ only by case,
so that 0005 can make the database refuse such pairs."""

import datetime

import pytest
from django.utils import timezone

from territoires.accounts.models import ApiToken, Membership, Scope, User

from ..factories import TerritoryFactory
from ..migration_steps import migrate, migrate_to_latest

BEFORE = [("accounts", "0003_territory_memberships_name")]
AFTER = [("accounts", "0005_user_email_unique_ignoring_case")]


@pytest.fixture
def old_apps(transactional_db):
    apps = migrate(BEFORE)
    yield apps
    migrate_to_latest()


def test_case_duplicates_are_merged_into_the_most_recently_used_account(old_apps):
    langres, troyes = TerritoryFactory(), TerritoryFactory()
    OldUser = old_apps.get_model("accounts", "User")
    OldMembership = old_apps.get_model("accounts", "Membership")
    OldScope = old_apps.get_model("accounts", "Scope")
    OldToken = old_apps.get_model("accounts", "ApiToken")
    now = timezone.now()
    used = OldUser.objects.create(
        email="Region@Example.org", password="x", last_login=now, date_joined=now
    )
    stale = OldUser.objects.create(
        email="region@example.org",
        password="x",
        last_login=now - datetime.timedelta(days=30),
        date_joined=now,
    )
    OldMembership.objects.create(user=used, territory_id=langres.pk, role="reader")
    OldMembership.objects.create(user=stale, territory_id=langres.pk, role="editor")
    OldMembership.objects.create(user=stale, territory_id=troyes.pk, role="contributor")
    OldScope.objects.create(user=stale, kind="operator")
    OldToken.objects.create(user=stale, name="tableur", key_hash="h" * 64, hint="ti_abc")
    alone = OldUser.objects.create(email="Seul@Example.ORG", password="x", date_joined=now)

    migrate(AFTER)

    keeper = User.objects.get(pk=used.pk)
    assert keeper.email == "region@example.org"
    assert keeper.is_active
    roles = dict(Membership.objects.filter(user=keeper).values_list("territory_id", "role"))
    assert roles == {langres.pk: "editor", troyes.pk: "contributor"}
    assert Scope.objects.filter(user=keeper, kind="operator").exists()
    assert ApiToken.objects.get(name="tableur").user == keeper

    merged = User.objects.get(pk=stale.pk)
    assert not merged.is_active
    assert not merged.has_usable_password()
    assert merged.email == f"doublon-{stale.pk}.region@example.org"
    assert not Membership.objects.filter(user=merged).exists()

    assert User.objects.get(pk=alone.pk).email == "seul@example.org"
