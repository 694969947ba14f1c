"""A fiche's financing plan: its lines (who pays how much, through which scheme, at which
stage), its self-funding, and what remains to find.

Every write checks the policy, validates through the model, claims the row's next
version when it changes one (core.locking: a stale edit is refused, never merged),
writes, and records one audit event with the amounts as numbers ("12500.00"), in one
transaction. A status move also records a FundingTransition (who, when, why)."""

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from territoires.audit import log, values
from territoires.core.locking import claim_version
from territoires.core.transitions import apply_transition
from territoires.organisations.models import Organisation
from territoires.permissions import policy_for

from . import workflow
from .models import (
    COMMITTED_STATUSES,
    PENDING_STATUSES,
    FundingLine,
    FundingPlan,
    FundingTransition,
    LineStatus,
    Scheme,
)

# The fields of a line a user sets (the status moves through the workflow only).
LINE_FIELDS = (
    "financer",
    "scheme",
    "amount",
    "nature",
    "requested_on",
    "decided_on",
    "paid_on",
    "decision_reference",
    "note",
)
KINDS = {"amount": values.MONEY}


def line_snapshot(line):
    return values.snapshot(line, (*LINE_FIELDS, "status"), kinds=KINDS)


def line_state(line, before=None):
    """The line's amount and status after a write, and its amount before it, kept in every
    event's data: the figures "as of" a date read them there (funding/asof.py); and its
    financer, which the fiche's history names (funding/history.py)."""
    state = {
        "amount": values.raw(values.MONEY, line.amount),
        "status": line.status,
        "financer": values.ref(line.financer),
    }
    if before and "amount" in before:
        state["amount_before"] = before["amount"][1]
    return state


def _require(allowed, message):
    if not allowed:
        raise PermissionDenied(message)


def parse_amount(value, name="amount"):
    """A Decimal from a number or a French-typed text ("12 500,50"); a clear field error
    otherwise. Negative amounts are refused by the model's validator."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, (int, float)):
        return Decimal(str(value))
    text = str(value or "").replace("\u00a0", "").replace(" ", "").replace(",", ".")
    text = text.removesuffix("€")
    try:
        amount = Decimal(text)
    except InvalidOperation:
        amount = None
    if amount is None or not amount.is_finite():
        raise ValidationError(
            {name: f"Montant « {value} » invalide : un nombre attendu (par exemple 12500,50)."}
        )
    return amount


def _resolve(fields):
    """Rows for the ids a form or the API gives; unknown ones are field errors."""
    resolved = dict(fields)
    if resolved.get("financer") in ("", None):
        resolved.pop("financer", None)
    elif not isinstance(resolved["financer"], Organisation):
        financer = Organisation.objects.filter(pk=_as_id(resolved["financer"])).first()
        if financer is None:
            raise ValidationError({"financer": "Financeur inconnu."})
        resolved["financer"] = financer
    if resolved.get("scheme") not in (None, "") and not isinstance(resolved["scheme"], Scheme):
        scheme = Scheme.objects.filter(pk=_as_id(resolved["scheme"])).first()
        if scheme is None:
            raise ValidationError({"scheme": "Dispositif inconnu."})
        resolved["scheme"] = scheme
    elif "scheme" in resolved and resolved["scheme"] in (None, ""):
        resolved["scheme"] = None
    if "amount" in resolved:
        resolved["amount"] = parse_amount(resolved["amount"])
    unknown = set(resolved) - set(LINE_FIELDS)
    if unknown:
        raise ValidationError(f"Champ(s) inconnu(s) : {', '.join(sorted(unknown))}.")
    return resolved


def _as_id(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _record(verb, line, sheet, before, *, acting_user, comment="", data=None):
    log.record(
        verb,
        line,
        acting_user=acting_user,
        territory=sheet.territory_id,
        version=line.version,
        changes=values.changes_between(before, line_snapshot(line) if line.pk else {}),
        data={"sheet": values.ref(sheet), **line_state(line, before), **(data or {})},
        comment=comment,
    )


@transaction.atomic
def add_line(sheet, *, acting_user, is_example=False, **fields):
    """Add an "envisagé" line to the fiche's plan. `fields`: financer (row or id; the
    scheme's first financer when omitted), scheme (optional), amount, nature, dates,
    decision_reference, note."""
    policy = policy_for(acting_user)
    _require(
        policy.can_edit_funding(sheet),
        "Vous ne pouvez pas modifier le plan de financement de cette fiche.",
    )
    fields = _resolve(fields)
    if fields.get("financer") is None:
        scheme = fields.get("scheme")
        financer = scheme.financers.order_by("name", "pk").first() if scheme else None
        if financer is None:
            raise ValidationError({"financer": "Choisissez le financeur."})
        fields["financer"] = financer
    line = FundingLine(sheet=sheet, is_example=is_example, **fields)
    line.full_clean()
    line.save()
    _record("funding.line_added", line, sheet, {}, acting_user=acting_user)
    return line


def _claim_line(line, sheet, expected_version, acting_user, rule):
    policy = policy_for(acting_user)

    def check(current):
        _require(
            getattr(policy, rule)(current, sheet),
            "Vous ne pouvez pas modifier cette ligne de financement.",
        )

    return claim_version(FundingLine, line.pk, expected_version, check=check)


@transaction.atomic
def update_line(line, *, acting_user, expected_version=None, **fields):
    """Change a line's financer, scheme, amount, nature, dates, reference or note."""
    sheet = line.sheet
    fields = _resolve(fields)
    current = _claim_line(line, sheet, expected_version, acting_user, "can_edit_line")
    before = line_snapshot(current)
    for name, value in fields.items():
        setattr(current, name, value)
    current.full_clean()
    current.save()
    _record("funding.line_updated", current, sheet, before, acting_user=acting_user)
    return current


@transaction.atomic
def remove_line(line, *, acting_user, expected_version=None, comment=""):
    sheet = line.sheet
    current = _claim_line(line, sheet, expected_version, acting_user, "can_edit_line")
    before = line_snapshot(current)
    log.record(
        "funding.line_removed",
        current,
        acting_user=acting_user,
        territory=sheet.territory_id,
        version=current.version,
        changes=values.changes_between(before, {}),
        data={"sheet": values.ref(sheet), **line_state(current, before), "removed": True},
        comment=comment,
    )
    current.delete()


@transaction.atomic
def change_line_status(
    line,
    target,
    *,
    acting_user,
    expected_version=None,
    on=None,
    decision_reference=None,
    comment="",
):
    """Move a line along its workflow; the move's date (`on`, default today) goes to the
    date it stands for (sollicité le, décision le, versé le)."""
    sheet = line.sheet
    transition = workflow.get_transition(line, target)
    current = _claim_line(line, sheet, expected_version, acting_user, "can_change_line_status")
    transition = workflow.get_transition(current, target)  # the locked row's status
    before = line_snapshot(current)
    if transition.date_field:
        setattr(current, transition.date_field, on or timezone.localdate())
    if decision_reference is not None:
        current.decision_reference = decision_reference
    apply_transition(
        current,
        transition,
        record=FundingTransition,
        on="line",
        acting_user=acting_user,
        comment=comment,
    )
    _record(
        "funding.line_status_changed",
        current,
        sheet,
        before,
        acting_user=acting_user,
        comment=comment,
    )
    return current


@transaction.atomic
def set_self_funding(sheet, amount, *, acting_user, expected_version=None):
    """The porteur's own share (autofinancement) of the fiche's budget."""
    policy = policy_for(acting_user)
    _require(
        policy.can_edit_funding(sheet),
        "Vous ne pouvez pas modifier le plan de financement de cette fiche.",
    )
    amount = parse_amount(amount, "self_funding")
    plan, _ = FundingPlan.objects.get_or_create(sheet=sheet)
    current = claim_version(FundingPlan, plan.pk, expected_version)
    before = values.snapshot(current, ["self_funding"], kinds={"self_funding": values.MONEY})
    current.self_funding = amount
    current.full_clean()
    current.save(update_fields=["self_funding"])
    log.record(
        "funding.self_funding_set",
        current,
        acting_user=acting_user,
        territory=sheet.territory_id,
        version=current.version,
        changes=values.changes_between(
            before, values.snapshot(current, ["self_funding"], kinds={"self_funding": values.MONEY})
        ),
        data={"sheet": values.ref(sheet)},
    )
    return current


# Reads ---------------------------------------------------------------------------------


@dataclass
class PlanSummary:
    """What covers a fiche's budget (the need) and what remains to find."""

    budget: Decimal | None
    self_funding: Decimal
    plan_version: int | None
    lines: list = field(default_factory=list)
    by_status: dict = field(default_factory=dict)

    def _sum(self, statuses):
        return sum((self.by_status.get(s, Decimal(0)) for s in statuses), Decimal(0))

    @property
    def committed(self):
        """Accordé or versé."""
        return self._sum(COMMITTED_STATUSES)

    @property
    def pending(self):
        """Envisagé or sollicité."""
        return self._sum(PENDING_STATUSES)

    @property
    def paid(self):
        return self._sum([LineStatus.PAID])

    @property
    def covered(self):
        """Self-funding and every line not refused."""
        return self.self_funding + self.committed + self.pending

    @property
    def remaining(self):
        """Reste à financer: the budget less what covers it (never below zero)."""
        if self.budget is None:
            return None
        return max(self.budget - self.covered, Decimal(0))

    @property
    def excess(self):
        """How much the lines and the self-funding exceed the budget (0 when they do not)."""
        if self.budget is None:
            return Decimal(0)
        return max(self.covered - self.budget, Decimal(0))


def financing_plan(sheet):
    """The fiche's lines (financer and scheme loaded) and their totals."""
    lines = list(
        sheet.funding_lines.select_related("financer", "scheme").order_by("created_at", "pk")
    )
    plan = FundingPlan.objects.filter(sheet=sheet).first()
    by_status = {}
    for line in lines:
        by_status[line.status] = by_status.get(line.status, Decimal(0)) + line.amount
    return PlanSummary(
        budget=sheet.budget_total,
        self_funding=plan.self_funding if plan else Decimal(0),
        plan_version=plan.version if plan else None,
        lines=lines,
        by_status=by_status,
    )
