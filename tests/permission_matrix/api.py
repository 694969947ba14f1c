"""The capabilities of the API: territories, fiches (reads, searches, PATCH) and history."""

import json

from territoires.plans.models import Status

from .capability import (
    ONE,
    Capability,
    always_ok,
    body_has_title,
    presented,
    search_titles,
    similar_check,
    status_is,
    titles_check,
)
from .directory import prepare_directory
from .rules import (
    CHANGES_VISIBILITY,
    DELETED,
    EDITS,
    KINDS,
    OK,
    PUBLIC,
    READS_RESTRICTED,
    SEARCH_WORD,
    TERRITORY_CODES,
    UNAUTHORIZED,
    VALIDATES,
    WRITTEN,
    api_visible,
    gate,
    partner_name,
    person_name,
    title,
    visible_titles,
)


def _api_territory_counts(body, actor, target, kind):
    data = json.loads(body)
    rows = data.get("items", [data])
    problems = []
    for row in rows:
        t = next(t for t, code in TERRITORY_CODES.items() if code == row["code"])
        expected = len(visible_titles(actor, t))
        if row["action_sheet_count"] != expected:
            problems.append(f"{t}: count {row['action_sheet_count']}, expected {expected}")
        if "axes" in row:
            by_axis = sum(a["action_sheet_count"] for a in row["axes"])
            if by_axis != expected:
                problems.append(f"{t}: axes count {by_axis}, expected {expected}")
    if len(rows) != (3 if "items" in data else 1):
        problems.append(f"{len(rows)} territories listed")
    return problems


def _api_write(table):
    """PATCH: 401 without an account, then as the pages, with 200 for a write that happened.
    A deleted fiche is 404 for everybody (api_visible)."""

    def expect(actor, target, kind):
        if actor == "anonymous":
            return UNAUTHORIZED
        allowed = target in table[actor] and kind != DELETED
        return gate(allowed, api_visible(actor, target, kind), WRITTEN)

    return expect


def _patch(payload):
    def call(client, world, target, kind):
        sheet = world.sheet(target, kind)
        body = {"version": sheet.version, **payload(sheet)}
        return client.patch(
            f"/api/v1/action-sheets/{sheet.pk}/", body, content_type="application/json"
        )

    return call


def _api_list(query):
    def call(client, world, target, kind):
        code = world.territory(target).code if target else ""
        return client.get("/api/v1/action-sheets/?page_size=200&" + query.format(code=code))

    return call


API = [
    Capability(
        "api_territory_list",
        lambda c, w, t, k: c.get("/api/v1/territories/"),
        always_ok,
        targets=ONE,
        check=_api_territory_counts,
    ),
    Capability(
        "api_territory_detail",
        lambda c, w, t, k: c.get(f"/api/v1/territories/{w.territory(t).code}/"),
        always_ok,
        check=_api_territory_counts,
    ),
    Capability(
        "api_sheet_list",
        _api_list(""),
        always_ok,
        targets=ONE,
        check=titles_check(visible_titles),
    ),
    Capability(
        "api_sheet_list_filtered",
        _api_list("territory={code}&axis=attirer&status=draft"),
        always_ok,
        check=titles_check(visible_titles),
    ),
    Capability(
        "api_sheet_search",
        _api_list(f"q={SEARCH_WORD}"),
        always_ok,
        targets=ONE,
        check=titles_check(search_titles),
    ),
    Capability(
        "api_catalogue",
        lambda c, w, t, k: c.get("/api/v1/catalogue/?page_size=200"),
        always_ok,
        targets=ONE,
        check=titles_check(lambda actor, target: {title(target, PUBLIC)}),
    ),
    Capability(
        "api_catalogue_search",
        lambda c, w, t, k: c.get(f"/api/v1/catalogue/?q={SEARCH_WORD}"),
        always_ok,
        targets=ONE,
        check=titles_check(lambda actor, target: set()),
    ),
    Capability(
        "api_sheet_detail",
        lambda c, w, t, k: c.get(f"/api/v1/action-sheets/{w.sheets[t, k].pk}/"),
        lambda a, t, k: gate(True, api_visible(a, t, k), OK),
        kinds=KINDS,
        check=body_has_title,
    ),
    Capability(
        "api_similar",
        lambda c, w, t, k: c.get(f"/api/v1/action-sheets/{w.sheets[t, k].pk}/similar/"),
        lambda a, t, k: gate(True, api_visible(a, t, k), OK),
        kinds=KINDS,
        check=similar_check,
    ),
    Capability(
        "api_patch",
        _patch(lambda sheet: {"title": f"{sheet.title} (modifiée)"}),
        _api_write(EDITS),
        kinds=KINDS,
        happened=lambda w, t, k: w.sheet(t, k).title.endswith("(modifiée)"),
    ),
    Capability(
        "api_patch_visibility",
        _patch(lambda sheet: {"visibility": "restricted" if sheet.is_public else "public"}),
        _api_write(CHANGES_VISIBILITY),
        kinds=KINDS,
        happened=lambda w, t, k: w.sheet(t, k).visibility != w.sheets[t, k].visibility,
    ),
    Capability(
        "api_patch_propose",
        _patch(lambda sheet: {"status": Status.PROPOSED}),
        _api_write(EDITS),
        kinds=KINDS,
        happened=status_is(Status.PROPOSED),
    ),
    Capability(
        "api_patch_validate",
        _patch(lambda sheet: {"status": Status.VALIDATED}),
        _api_write(VALIDATES),
        kinds=KINDS,
        prepare=lambda w, t, k: presented(w, t, k),
        happened=status_is(Status.VALIDATED),
    ),
    Capability(
        "api_territory_detail_directory",  # the governance, without contact details
        lambda c, w, t, k: c.get(f"/api/v1/territories/{w.territory(t).code}/"),
        always_ok,
        prepare=prepare_directory,
        check=lambda body, a, t, k: [
            f"{text!r} missing"
            for text in (person_name(t), partner_name(t))
            if text not in json.dumps(json.loads(body), ensure_ascii=False)
        ],
    ),
    Capability(
        "api_history",
        lambda c, w, t, k: c.get(f"/api/v1/action-sheets/{w.sheets[t, k].pk}/history/"),
        lambda a, t, k: gate(t in READS_RESTRICTED[a], api_visible(a, t, k), OK),
        kinds=KINDS,
    ),
]
