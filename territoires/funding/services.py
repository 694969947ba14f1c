"""Writes of the funding domain: each validates through the model, checks the policy and
records one audit event, in one transaction."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from territoires.audit import log, values
from territoires.permissions import policy_for

from .models import Scheme

# The scalar fields of a scheme, as the log and the admin know them.
SCHEME_FIELDS = (
    "name",
    "short_title",
    "description",
    "eligibility",
    "aid_types",
    "beneficiaries",
    "perimeter",
    "places",
    "start_date",
    "deadline",
    "recurrence",
    "is_call_for_projects",
    "rate_min",
    "rate_max",
    "amount_min",
    "amount_max",
    "source_url",
    "application_url",
    "source_id",
    "is_published",
)
LISTS = ("aid_types", "beneficiaries", "places")
KINDS = {"amount_min": values.MONEY, "amount_max": values.MONEY}


def scheme_snapshot(scheme):
    """The scalar fields as the log keeps them; a list of codes reads "commune, epci"."""
    snapshot = values.snapshot(scheme, [n for n in SCHEME_FIELDS if n not in LISTS], kinds=KINDS)
    for name in LISTS:
        snapshot[name] = (values.TEXT, ", ".join(sorted(getattr(scheme, name))) or None)
    return snapshot


@transaction.atomic
def save_scheme(scheme, *, acting_user):
    """Create or correct a scheme of the catalogue (the national team, in the admin):
    validated by the model, recorded in the audit log."""
    if not policy_for(acting_user).can_manage_schemes():
        raise PermissionDenied("Seule l'équipe nationale modifie le catalogue des dispositifs.")
    before = {}
    if scheme.pk:
        before = scheme_snapshot(Scheme.objects.get(pk=scheme.pk))
    scheme.full_clean()
    scheme.updated_at = timezone.now()
    scheme.save()
    after = scheme_snapshot(scheme)
    log.record(
        "scheme.updated" if before else "scheme.created",
        scheme,
        acting_user=acting_user,
        changes=values.changes_between(before, after),
    )
    return scheme
