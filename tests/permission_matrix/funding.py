"""The capabilities of the financing plan pages (a fiche's …/financement/…): reading the
plan, adding a line, moving a "sollicité" line to "accordé", the self-funding. Each fiche
of the matrix gets one "sollicité" line of a financer that the operator's scope
represents (`prepare_funding`)."""

from django.urls import reverse

from territoires.accounts.models import User
from territoires.funding import alerts
from territoires.funding.models import (
    DismissedSuggestion,
    FundingLine,
    FundingPlan,
    Scheme,
    SchemeAlert,
)
from territoires.organisations.models import Organisation

from .capability import ONE, Capability, titles_check
from .rules import (
    BRETAGNE,
    CREATED,
    DECIDES_FUNDING,
    DONE,
    EDITS,
    FORBIDDEN,
    GRAND_EST,
    HIDDEN,
    INVALID,
    KINDS,
    LOGIN,
    OK,
    PUBLIC,
    READS_RESTRICTED,
    TERRITORY_CODES,
    UNAUTHORIZED,
    WRITTEN,
    api_visible,
    page_visible,
    title,
)

FINANCER = "Financeur des pages de la matrice"
SCHEME_URL = "https://example.org/d/"


def prepare_funding(world, target, kind):
    financer, created = Organisation.objects.get_or_create(
        name=FINANCER, defaults={"kind": "national_operator"}
    )
    if created:
        FundingLine.objects.bulk_create(
            FundingLine(sheet=sheet, financer=financer, amount=1000, status="requested")
            for sheet in world.sheets.values()
        )
        Scheme.objects.create(name="Dispositif de la matrice", source_url=SCHEME_URL)
        if world.actor == "operator":
            world.user("operator").scopes.update(organisation=financer)


def _url(name, world, target, kind, *extra):
    sheet = world.sheets[target, kind]
    return reverse(f"funding:{name}", args=[world.territory(target).code, sheet.code, *extra])


def _line(world, target, kind):
    return FundingLine.objects.get(sheet=world.sheets[target, kind], financer__name=FINANCER)


def _gate(rule, success):
    def expect(actor, target, kind):
        if not page_visible(actor, target, kind):
            return HIDDEN
        if target not in READS_RESTRICTED[actor]:
            return LOGIN if actor == "anonymous" else FORBIDDEN
        return success if rule is None or target in rule[actor] else FORBIDDEN

    return expect


def _money(readable_targets):
    def expect(actor, target, kind):
        if READS_RESTRICTED[actor] & readable_targets(target):
            return OK
        return LOGIN if actor == "anonymous" else FORBIDDEN

    return expect


def _region_of(target):
    return GRAND_EST if target in GRAND_EST else BRETAGNE


def _money_check(body, actor, target, kind):
    return [] if "money-totals" in body else ["the totals are missing"]


ALERT = "Alerte de la matrice"


def _alert(world, target, kind):
    """An alert of somebody who is none of the actors; made again after each cell."""
    owner, _ = User.objects.get_or_create(email="abonne.matrice@example.org")
    alert = SchemeAlert.objects.filter(name=ALERT).order_by("pk").first()
    return alert or SchemeAlert.objects.create(user=owner, name=ALERT)


def _unsubscribe(token):
    return reverse("funding:alert_unsubscribe", args=[token])


def _financer_url(base):
    return f"{base}?financer={Organisation.objects.get(name=FINANCER).pk}&page_size=200"


def _funded_titles(anonymous_sees_all):
    """The catalogue filtered by the matrix's financer: the public fiches of the
    territories whose financing plans the actor reads. The page offers no financer to
    whoever reads no plan and ignores it (the whole catalogue); the API finds nothing."""

    def titles(actor, target):
        if not READS_RESTRICTED[actor]:
            return {title(target, PUBLIC)} if anonymous_sees_all else set()
        return {title(target, PUBLIC)} if target in READS_RESTRICTED[actor] else set()

    return titles


FUNDING_PAGES = [
    Capability(
        "alert_unsubscribe",
        lambda c, w, t, k: c.post(_unsubscribe(alerts.unsubscribe_token(_alert(w, t, k)))),
        lambda a, t, k: WRITTEN,
        targets=ONE,
        prepare=_alert,
        happened=lambda w, t, k: not SchemeAlert.objects.filter(name=ALERT).exists(),
    ),
    Capability(
        "alert_unsubscribe_forged",
        lambda c, w, t, k: c.post(_unsubscribe(alerts.unsubscribe_token(_alert(w, t, k)) + "x")),
        lambda a, t, k: INVALID,
        targets=ONE,
        prepare=_alert,
    ),
    Capability(
        "action_catalogue_financer",
        lambda c, w, t, k: c.get(_financer_url(reverse("catalogue:index"))),
        lambda a, t, k: OK,
        targets=ONE,
        prepare=prepare_funding,
        check=titles_check(_funded_titles(anonymous_sees_all=True)),
    ),
    Capability(
        "scheme_catalogue",
        lambda c, w, t, k: c.get(reverse("funding:catalogue") + "?region=44&q=matrice"),
        lambda a, t, k: OK,
        targets=ONE,
        prepare=prepare_funding,
    ),
    Capability(
        "money_territory",
        lambda c, w, t, k: c.get(reverse("funding:territory", args=[TERRITORY_CODES[t]])),
        _money(lambda target: {target}),
        prepare=prepare_funding,
        check=_money_check,
    ),
    Capability(
        "money_region",
        lambda c, w, t, k: c.get(reverse("funding:region", args=[w.territory(t).region.code])),
        _money(_region_of),
        prepare=prepare_funding,
        check=_money_check,
    ),
    Capability(
        "money_national",
        lambda c, w, t, k: c.get(reverse("funding:national")),
        lambda a, t, k: (
            OK if a in ("operator", "national") else (LOGIN if a == "anonymous" else FORBIDDEN)
        ),
        targets=ONE,
        prepare=prepare_funding,
        check=_money_check,
    ),
    Capability(
        "funding_page",
        lambda c, w, t, k: c.get(_url("sheet", w, t, k)),
        _gate(None, OK),
        kinds=KINDS,
        prepare=prepare_funding,
        check=lambda body, a, t, k: [] if FINANCER in body else ["the line is missing"],
    ),
    Capability(
        "funding_add",
        lambda c, w, t, k: c.post(
            _url("line_add", w, t, k),
            {
                "financer": Organisation.objects.get(name=FINANCER).pk,
                "amount": "1",
                "nature": "investment",
            },
        ),
        _gate(EDITS, DONE),
        kinds=KINDS,
        prepare=prepare_funding,
        happened=lambda w, t, k: FundingLine.objects.filter(
            sheet=w.sheets[t, k], amount=1
        ).exists(),
    ),
    Capability(
        "funding_grant",
        lambda c, w, t, k: c.post(
            _url("line_status", w, t, k, _line(w, t, k).pk),
            {f"l{_line(w, t, k).pk}-target": "granted"},
        ),
        _gate(DECIDES_FUNDING, DONE),
        kinds=KINDS,
        prepare=prepare_funding,
        happened=lambda w, t, k: _line(w, t, k).status == "granted",
    ),
    Capability(
        "funding_dismiss",
        lambda c, w, t, k: c.post(
            _url("suggestion_dismiss", w, t, k, Scheme.objects.get(source_url=SCHEME_URL).pk)
        ),
        _gate(EDITS, DONE),
        kinds=KINDS,
        prepare=prepare_funding,
        happened=lambda w, t, k: DismissedSuggestion.objects.filter(sheet=w.sheets[t, k]).exists(),
    ),
    Capability(
        "funding_self",
        lambda c, w, t, k: c.post(_url("self_funding", w, t, k), {"self_funding": "5"}),
        _gate(EDITS, DONE),
        kinds=KINDS,
        prepare=prepare_funding,
        happened=lambda w, t, k: FundingPlan.objects.filter(
            sheet=w.sheets[t, k], self_funding=5
        ).exists(),
    ),
]


def _api_gate(rule, success):
    def expect(actor, target, kind):
        if rule is not None and actor == "anonymous":
            return UNAUTHORIZED
        if not api_visible(actor, target, kind):
            return HIDDEN
        if target not in READS_RESTRICTED[actor]:
            return FORBIDDEN
        return success if rule is None or target in rule[actor] else FORBIDDEN

    return expect


def _api_url(world, target, kind):
    return f"/api/v1/action-sheets/{world.sheets[target, kind].pk}/funding/"


FUNDING_API = [
    Capability(
        "api_catalogue_financer",
        lambda c, w, t, k: c.get(_financer_url("/api/v1/catalogue/")),
        lambda a, t, k: OK,
        targets=ONE,
        prepare=prepare_funding,
        check=titles_check(_funded_titles(anonymous_sees_all=False)),
    ),
    Capability(
        "api_funding_read",
        lambda c, w, t, k: c.get(_api_url(w, t, k)),
        _api_gate(None, OK),
        kinds=KINDS,
        prepare=prepare_funding,
        check=lambda body, a, t, k: [] if FINANCER in body else ["the line is missing"],
    ),
    Capability(
        "api_funding_post",
        lambda c, w, t, k: c.post(
            _api_url(w, t, k),
            {"financer_id": Organisation.objects.get(name=FINANCER).pk, "amount": "1"},
            content_type="application/json",
        ),
        _api_gate(EDITS, CREATED),
        kinds=KINDS,
        prepare=prepare_funding,
        happened=lambda w, t, k: FundingLine.objects.filter(
            sheet=w.sheets[t, k], amount=1
        ).exists(),
    ),
]
