"""What a capability of the matrix is, and the building blocks shared by the pages
(pages.py), the directory (directory.py) and the API (api.py)."""

from collections.abc import Callable
from dataclasses import dataclass, replace

from django.urls import reverse

from territoires.plans.models import ActionSheet, Status

from .rules import (
    FORBIDDEN,
    KINDS,
    LOGIN,
    OK,
    PUBLIC,
    RESTRICTED,
    TARGETS,
    title,
    visible_titles,
)


@dataclass(frozen=True)
class Capability:
    """One thing to try: `call` makes the request, `expect` derives the outcome from the
    tables, `happened` says whether an allowed write is in the database, `check`
    inspects the body of a successful response (returns a list of problems)."""

    name: str
    call: Callable
    expect: Callable
    kinds: tuple = (None,)
    targets: tuple = TARGETS
    happened: Callable | None = None
    check: Callable | None = None
    # Creates what the request needs before the "nothing written" snapshot is taken.
    prepare: Callable | None = None


def as_page(capability):
    """The capability as a page answers it: what an anonymous visitor is refused sends
    them to the login page (with `next`), since an account may open it; signed-in users
    keep their 403."""
    expect = capability.expect

    def page_expect(actor, target, kind):
        outcome = expect(actor, target, kind)
        return LOGIN if actor == "anonymous" and outcome == FORBIDDEN else outcome

    return replace(capability, expect=page_expect)


def always_ok(actor, target, kind):
    return OK


ONE = (None,)


def presented(world, target, kind):
    """Validation starts from a fiche presented to the companies."""
    ActionSheet.objects.filter(pk=world.sheets[target, kind].pk).update(status=Status.PRESENTED)


def status_is(status):
    return lambda world, target, kind: world.sheet(target, kind).status == status


def titles_check(titles_for):
    """Among the matrix's titles, the body shows exactly `titles_for(actor, territory)`, for
    the territory of the cell (or for every territory when the cell has none)."""

    def check(body, actor, target, kind):
        problems = []
        for t in TARGETS if target is None else (target,):
            wanted = titles_for(actor, t)
            for k in KINDS:
                name = title(t, k)
                if (name in wanted) != (name in body):
                    problems.append(f"title {name!r} {'missing' if name in wanted else 'shown'}")
        return problems

    return check


def search_titles(actor, target):
    return {title(target, RESTRICTED)} & visible_titles(actor, target)


def similar_check(body, actor, target, kind):
    """A fiche's similar actions: the public fiches of the other territories, never a
    restricted or deleted one (the fiche itself excepted, on its own page)."""
    problems = []
    for other in TARGETS:
        for other_kind in KINDS:
            name = title(other, other_kind)
            if other == target and other_kind == kind:
                continue
            if other_kind != PUBLIC and name in body:
                problems.append(f"{name!r} shown among the similar actions")
            if other_kind == PUBLIC and kind == PUBLIC and other != target and name not in body:
                problems.append(f"{name!r} missing from the similar actions")
    return problems


def body_has_title(body, actor, target, kind):
    return [] if title(target, kind) in body else [f"title {title(target, kind)!r} missing"]


def territory_page(query="", htmx=False):
    def call(client, world, target, kind):
        url = reverse("territories:detail", args=[world.territory(target).code]) + query
        return client.get(url, headers={"HX-Request": "true"} if htmx else {})

    return call
