"""The capabilities of the dashboards (national, regional, territorial), the lists behind
their figures and their CSV files. Every fiche of the matrix gets a status move (the
dashboards' recent activity lists it with its title) and a committed financing line
(`prepare_dashboards`)."""

from django.urls import reverse

from territoires.funding.models import FundingLine
from territoires.organisations.models import Organisation
from territoires.plans.models import StatusTransition

from .capability import ONE, Capability, always_ok, titles_check
from .rules import (
    COMPLETE_REGION_DASHBOARD,
    FORBIDDEN,
    GRAND_EST,
    OK,
    PUBLIC,
    READS_RESTRICTED,
    RESTRICTED,
    TARGETS,
    TERRITORY_CODES,
    title,
    visible_titles,
)

FINANCER = "Financeur du tableau de bord"


def prepare_dashboards(world, target, kind):
    financer, created = Organisation.objects.get_or_create(
        name=FINANCER, defaults={"kind": "national_operator"}
    )
    if created:
        sheets = list(world.sheets.values())
        StatusTransition.objects.bulk_create(
            StatusTransition(sheet=sheet, from_status="draft", to_status="proposed")
            for sheet in sheets
        )
        FundingLine.objects.bulk_create(
            FundingLine(sheet=sheet, financer=financer, amount=1000, status="granted")
            for sheet in sheets
        )


def _shown(body, names):
    """The problems: each title of `names` (title → wanted) shown or missing wrongly."""
    return [
        f"title {name!r} {'missing' if wanted else 'shown'}"
        for name, wanted in names.items()
        if wanted != (name in body)
    ]


def _national_check(body, actor, target, kind):
    complete = actor in ("operator", "national")
    names = {}
    for t in TARGETS:
        names[title(t, PUBLIC)] = True
        names[title(t, RESTRICTED)] = complete
    return _shown(body, names)


def _same_region(target):
    return GRAND_EST if target in GRAND_EST else frozenset({target})


def _region_check(body, actor, target, kind):
    complete = target in COMPLETE_REGION_DASHBOARD[actor]
    names = {}
    for t in TARGETS:
        inside = t in _same_region(target)
        names[title(t, PUBLIC)] = inside
        names[title(t, RESTRICTED)] = inside and complete
    return _shown(body, names)


def _reserved(actor, target, kind):
    """A list or file of money or fragility: for the readers of the territory."""
    return OK if target in READS_RESTRICTED[actor] else FORBIDDEN


def _territory_query(world, target, **extra):
    query = "&".join(f"{k}={v}" for k, v in extra.items())
    return f"?territory={TERRITORY_CODES[target]}" + (f"&{query}" if query else "")


DASHBOARD_PAGES = [
    Capability(
        "dashboard_national",
        lambda c, w, t, k: c.get(reverse("dashboards:national")),
        always_ok,
        targets=ONE,
        prepare=prepare_dashboards,
        check=_national_check,
    ),
    Capability(
        "dashboard_region",
        lambda c, w, t, k: c.get(reverse("dashboards:region", args=[w.territory(t).region.code])),
        always_ok,
        prepare=prepare_dashboards,
        check=_region_check,
    ),
    Capability(
        "dashboard_territory",
        lambda c, w, t, k: c.get(reverse("dashboards:territory", args=[TERRITORY_CODES[t]])),
        always_ok,
        prepare=prepare_dashboards,
        check=titles_check(visible_titles),
    ),
    Capability(
        "dashboard_sheets",
        lambda c, w, t, k: c.get(reverse("dashboards:sheets") + _territory_query(w, t)),
        always_ok,
        prepare=prepare_dashboards,
        check=titles_check(visible_titles),
    ),
    Capability(
        "dashboard_committed_sheets",
        lambda c, w, t, k: c.get(
            reverse("dashboards:sheets") + _territory_query(w, t, committed=1)
        ),
        _reserved,
        prepare=prepare_dashboards,
        check=titles_check(visible_titles),
    ),
    Capability(
        "dashboard_financer_csv",
        lambda c, w, t, k: c.get(
            reverse("dashboards:csv", args=["financeurs"]) + _territory_query(w, t)
        ),
        _reserved,
        prepare=prepare_dashboards,
        check=lambda body, a, t, k: [] if FINANCER in body else ["financer missing"],
    ),
    Capability(
        "dashboard_fragile_territories",
        lambda c, w, t, k: c.get(
            reverse("dashboards:territories") + _territory_query(w, t, fragile=1)
        ),
        _reserved,
    ),
    Capability(
        "dashboard_csv",
        lambda c, w, t, k: c.get(
            reverse("dashboards:csv", args=["statuts"]) + _territory_query(w, t)
        ),
        always_ok,
        prepare=prepare_dashboards,
    ),
]
