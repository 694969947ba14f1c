"""Store every account's address in lower case, merging accounts whose addresses differ
only by letter case (decision 0009), before 0005 makes the database refuse such pairs.

For each group of case-duplicates one account is kept: the active one, then a superuser,
then staff, then the most recent login, then the oldest. The others give it their
territory roles (the stronger role wins when both have one on a territory), their scopes
and their API tokens, and are deactivated under the address
`doublon-<id>.<address>`: nothing is deleted, and what they wrote stays attributed to them.
"""

import unicodedata
from collections import defaultdict

from django.db import migrations

ROLE_RANK = {"reader": 0, "contributor": 1, "editor": 2, "admin": 3}
EMAIL_MAX_LENGTH = 254


def fold(email):
    return unicodedata.normalize("NFKC", email or "").strip().lower()


def keeper_order(user):
    last_login = user.last_login.timestamp() if user.last_login else float("-inf")
    return (
        not user.is_active,
        not user.is_superuser,
        not user.is_staff,
        -last_login,
        user.date_joined,
        user.pk,
    )


def merge_into(keeper, duplicate, Membership, Scope, ApiToken):
    kept_roles = {m.territory_id: m for m in Membership.objects.filter(user=keeper)}
    for membership in Membership.objects.filter(user=duplicate):
        mine = kept_roles.get(membership.territory_id)
        if mine is None:
            membership.user = keeper
            membership.save(update_fields=["user"])
            kept_roles[membership.territory_id] = membership
            continue
        if ROLE_RANK.get(membership.role, -1) > ROLE_RANK.get(mine.role, -1):
            mine.role = membership.role
            mine.save(update_fields=["role"])
        membership.delete()
    Scope.objects.filter(user=duplicate).update(user=keeper)
    ApiToken.objects.filter(user=duplicate).update(user=keeper)
    duplicate.email = f"doublon-{duplicate.pk}.{fold(duplicate.email)}"[:EMAIL_MAX_LENGTH]
    duplicate.is_active = False
    duplicate.password = "!"  # unusable, as set_unusable_password() leaves it
    duplicate.save(update_fields=["email", "is_active", "password"])


def fold_addresses(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    Membership = apps.get_model("accounts", "Membership")
    Scope = apps.get_model("accounts", "Scope")
    ApiToken = apps.get_model("accounts", "ApiToken")

    groups = defaultdict(list)
    for user in User.objects.order_by("pk"):
        groups[fold(user.email)].append(user)
    for address, users in groups.items():
        users.sort(key=keeper_order)
        keeper, duplicates = users[0], users[1:]
        for duplicate in duplicates:
            merge_into(keeper, duplicate, Membership, Scope, ApiToken)
        if keeper.email != address:
            keeper.email = address
            keeper.save(update_fields=["email"])


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_territory_memberships_name")]

    operations = [migrations.RunPython(fold_addresses, migrations.RunPython.noop)]
