"""Funding in the matrix, through its services (the pages and the API come with their own
capabilities): every actor × the public and restricted fiche of each territory, each with
an "envisagé" and a "sollicité" line of the same financer, whom the operator's scope
represents. Reading a plan follows READS_RESTRICTED; adding a line and changing an
"envisagé" one follow EDITS; moving a status and changing a line that left "envisagé"
follow DECIDES_FUNDING; a refused write leaves the database untouched."""

import pytest
from django.core.exceptions import PermissionDenied

from territoires.funding import financing
from territoires.funding.models import FundingLine, FundingPlan
from territoires.organisations.models import Organisation
from territoires.permissions import policy_for

from ..factories import FundingLineFactory
from .rules import (
    ACTORS,
    DECIDES_FUNDING,
    EDITS,
    PUBLIC,
    READS_RESTRICTED,
    RESTRICTED,
    TARGETS,
)
from .world import World, db_state

pytestmark = pytest.mark.django_db
SHEET_KINDS = (PUBLIC, RESTRICTED)


def build(world, actor):
    financer = Organisation.objects.create(name="Financeur de la matrice", kind="national_operator")
    user = world.user(actor)
    if actor == "operator":
        user.scopes.update(organisation=financer)
    lines = {}
    for target in TARGETS:
        for kind in SHEET_KINDS:
            sheet = world.sheet(target, kind)
            lines[target, kind, "considered"] = FundingLineFactory(sheet=sheet, financer=financer)
            lines[target, kind, "requested"] = FundingLineFactory(
                sheet=sheet, financer=financer, status="requested"
            )
    return user, financer, lines


def funding_state():
    return (
        db_state(),
        sorted(FundingLine.objects.values_list("pk", "amount", "status", "version")),
        sorted(FundingPlan.objects.values_list("pk", "self_funding", "version")),
    )


def _fresh(line):
    return FundingLine.objects.select_related("sheet").get(pk=line.pk)


WRITES = {
    # name: (rule, the line it acts on, the write, how to see it happened)
    "add": (
        EDITS,
        "considered",
        lambda line, user, financer: financing.add_line(
            line.sheet, acting_user=user, financer=financer, amount=1
        ),
        lambda line: line.sheet.funding_lines.filter(amount=1).exists(),
    ),
    "update_considered": (
        EDITS,
        "considered",
        lambda line, user, financer: financing.update_line(line, acting_user=user, amount=7),
        lambda line: _fresh(line).amount == 7,
    ),
    "update_requested": (
        DECIDES_FUNDING,
        "requested",
        lambda line, user, financer: financing.update_line(line, acting_user=user, amount=7),
        lambda line: _fresh(line).amount == 7,
    ),
    "grant": (
        DECIDES_FUNDING,
        "requested",
        lambda line, user, financer: financing.change_line_status(
            line, "granted", acting_user=user
        ),
        lambda line: _fresh(line).status == "granted",
    ),
    "self_funding": (
        EDITS,
        "considered",
        lambda line, user, financer: financing.set_self_funding(line.sheet, 5, acting_user=user),
        lambda line: FundingPlan.objects.get(sheet=line.sheet).self_funding == 5,
    ),
}


@pytest.mark.parametrize("actor", ACTORS)
def test_who_reads_a_financing_plan(actor):
    world = World()
    user, _, lines = build(world, actor)
    policy = policy_for(user)
    problems = []
    for target in TARGETS:
        for kind in SHEET_KINDS:
            sheet = world.sheet(target, kind)
            wanted = target in READS_RESTRICTED[actor]
            if policy.can_view_funding(sheet) != wanted:
                problems.append(f"{actor}-{target}-{kind}: can_view_funding should be {wanted}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("write", sorted(WRITES))
@pytest.mark.parametrize("actor", ACTORS)
def test_funding_writes(actor, write):
    world = World()
    user, financer, lines = build(world, actor)
    rule, status, do, happened = WRITES[write]
    problems = []
    for target in TARGETS:
        for kind in SHEET_KINDS:
            allowed = target in rule[actor]
            line = _fresh(lines[target, kind, status])
            before = funding_state()
            try:
                do(line, user, financer)
            except PermissionDenied:
                if allowed:
                    problems.append(f"{actor}-{target}-{kind}-{write}: refused")
                elif funding_state() != before:
                    problems.append(f"{actor}-{target}-{kind}-{write}: refused but written")
                continue
            if not allowed:
                problems.append(f"{actor}-{target}-{kind}-{write}: allowed")
            elif not happened(line):
                problems.append(f"{actor}-{target}-{kind}-{write}: did not happen")
    assert not problems, "\n".join(problems)
