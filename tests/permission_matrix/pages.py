"""The capabilities of the pages: the home page, the territory page, the fiches, their
documents and workflow, the bin, the members, the profile and the API tokens."""

import re

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from territoires.accounts.models import ApiToken, Membership
from territoires.organisations.models import Person
from territoires.plans.models import ActionSheet, Document, Status, Visibility
from territoires.referential.models import StageChange, Territory

from .capability import (
    ONE,
    Capability,
    always_ok,
    body_has_title,
    presented,
    search_titles,
    similar_check,
    status_is,
    territory_page,
    titles_check,
)
from .rules import (
    CHANGES_STAGE,
    CHANGES_VISIBILITY,
    CODES,
    COPIES_INTO,
    DELETED,
    DONE,
    EDITS,
    FLAGS_FRAGILE,
    FORBIDDEN,
    GONE,
    HIDDEN,
    IGNORED,
    INVALID,
    KINDS,
    LOGIN,
    MANAGES_MEMBERS,
    MANAGES_PLAN,
    OK,
    OTHER_REGION,
    OWN,
    PUBLIC,
    READS_RESTRICTED,
    SEARCH_WORD,
    TARGETS,
    TERRITORY_CODES,
    VALIDATES,
    WRITTEN,
    document_content,
    gate,
    page_visible,
    title,
    visible_titles,
)

FRAGILE_REASON = "Raison de fragilité "


def _make_fragile(world, target):
    territory = world.territory(target)
    Territory.objects.filter(pk=territory.pk).update(
        is_fragile=True, fragile_reason=FRAGILE_REASON + TERRITORY_CODES[target]
    )


def _step_content(target):
    return b"%PDF-1.4 protocole " + TERRITORY_CODES[target].encode()


def _step(world, target):
    """A recorded step of the territory with its document, made once."""
    territory = world.territory(target)
    change = StageChange.objects.filter(territory=territory).order_by("pk").first()
    if change is None:
        change = StageChange(territory=territory, to_stage=world.stage(), at=timezone.now())
        change.document = SimpleUploadedFile("protocole.pdf", _step_content(target))
        change.save()
    return change


def _sheet_url(name, world, target, kind, *extra):
    sheet = world.sheets[target, kind]
    return reverse(f"plans:{name}", args=[world.territory(target).code, sheet.code, *extra])


def _edit_data(sheet):
    return {
        "code": sheet.code,
        "title": f"{sheet.title} (modifiée)",
        "axis": sheet.axis_id,
        "visibility": sheet.visibility,
        "priority": "",
        "version": sheet.version,
        "pilots": [p.pk for p in sheet.pilots.all()],
        "tags_text": "",
        "steps-TOTAL_FORMS": "0",
        "steps-INITIAL_FORMS": "0",
        "indicators-TOTAL_FORMS": "0",
        "indicators-INITIAL_FORMS": "0",
        "links-TOTAL_FORMS": "0",
        "links-INITIAL_FORMS": "0",
    }


def _status_post(target_status):
    def call(client, world, target, kind):
        sheet = world.sheet(target, kind)
        url = _sheet_url("sheet_status", world, target, kind)
        return client.post(url, {"target": target_status, "version": sheet.version})

    return call


def _home_counts(body, actor, target, kind):
    rows = {}
    for code, row in re.findall(r'<tr data-territory="(\w+)"(.*?)</tr>', body, re.S):
        count = re.search(r'class="fr-cell--right"[^>]*>\s*(\d+)', row)
        rows[code] = count.group(1) if count else None
    problems = []
    for t in TARGETS:
        expected = len(visible_titles(actor, t))
        got = rows.get(TERRITORY_CODES[t])
        if got != str(expected):
            problems.append(f"{t}: home shows {got} fiches, expected {expected}")
    total = sum(len(visible_titles(actor, t)) for t in TARGETS)
    if not re.search(rf"\b{total} fiches? action consultables?", body):
        problems.append(f"the total is not {total}")
    return problems


def _members_page(actor, target, kind):
    if actor == "anonymous":
        return LOGIN
    return OK if target in MANAGES_MEMBERS[actor] else FORBIDDEN


def _members_write(actor, target, kind):
    if actor == "anonymous":
        return LOGIN
    return DONE if target in MANAGES_MEMBERS[actor] else FORBIDDEN


def _members_write_via_own(actor, target, kind):
    """The home territory's page decides; a membership of another territory is not there."""
    outcome = _members_write(actor, OWN, kind)
    return HIDDEN if outcome == DONE and target != OWN else outcome


def _members_match_other_directory(actor, target, kind):
    """A member of the home territory matched to a person of the target's directory: only
    the home directory's people are offered."""
    outcome = _members_write(actor, OWN, kind)
    return INVALID if outcome == DONE and target != OWN else outcome


def _match_post(url_target, person_target=None):
    """Match the bystander of `url_target` (the cell's target when None) to the directory
    person of `person_target` (the cell's target when None)."""

    def call(client, world, target, kind):
        territory_target = url_target or target
        membership = world.bystander(territory_target)
        person = world.directory(person_target or target).person
        url = reverse(
            "accounts:territory_member_person",
            args=[world.territory(territory_target).code, membership],
        )
        return client.post(url, {f"p{membership}-person": person})

    return call


def _matched(url_target):
    def happened(world, target, kind):
        membership = Membership.objects.get(pk=world.bystander(url_target or target))
        return Person.objects.filter(user=membership.user_id).exists()

    return happened


def _sheet_page(actor, target, kind):
    """A fiche's page; a deleted fiche's address answers 410 (deleted on…, by…, Restaurer)
    to those who manage the bin, 404 to the others."""
    if kind == DELETED and target in MANAGES_PLAN[actor]:
        return GONE
    return gate(True, page_visible(actor, target, kind), OK)


def _copy_code(target, kind):
    """A code of its own for each cell's copy (the cells share the world)."""
    return f"C{TARGETS.index(target)}{KINDS.index(kind)}"


def _flip(world, target, kind):
    public = world.sheets[target, kind].visibility == Visibility.PUBLIC
    return Visibility.RESTRICTED if public else Visibility.PUBLIC


PAGES = [
    Capability(
        "home",
        lambda c, w, t, k: c.get(reverse("home:index")),
        always_ok,
        targets=ONE,
        check=_home_counts,
    ),
    Capability(
        "territory_page",
        territory_page(),
        always_ok,
        check=titles_check(visible_titles),
    ),
    Capability(
        "territory_partial",
        territory_page(htmx=True),
        always_ok,
        check=titles_check(visible_titles),
    ),
    Capability(
        "action_catalogue",
        lambda c, w, t, k: c.get(reverse("catalogue:index")),
        always_ok,
        targets=ONE,
        check=titles_check(lambda actor, target: {title(target, PUBLIC)}),
    ),
    Capability(
        "action_catalogue_search",
        lambda c, w, t, k: c.get(reverse("catalogue:index") + f"?q={SEARCH_WORD}"),
        always_ok,
        targets=ONE,
        # Only restricted fiches hold the word: no result at all, whoever asks (the
        # titles would be highlighted, so the results themselves are counted).
        check=lambda body, a, t, k: ["a result is shown"] if "data-sheet=" in body else [],
    ),
    Capability(
        "territory_search",
        territory_page(f"?q={SEARCH_WORD}&axis=attirer&status=draft", htmx=True),
        always_ok,
        check=titles_check(search_titles),
    ),
    Capability(
        "territory_search_page",
        territory_page(f"?q={SEARCH_WORD}"),
        always_ok,
        check=titles_check(search_titles),
    ),
    Capability(
        "stage_post",
        lambda c, w, t, k: c.post(
            reverse("territories:stage", args=[w.territory(t).code]),
            {"stage": w.stage().pk, "comment": ""},
        ),
        lambda a, t, k: DONE if t in CHANGES_STAGE[a] else FORBIDDEN,
        prepare=lambda w, t, k: w.stage(),
        happened=lambda w, t, k: (
            Territory.objects.get(pk=w.territory(t).pk).stage_id == w.stage().pk
        ),
    ),
    Capability(
        "fragility_post",
        lambda c, w, t, k: c.post(
            reverse("territories:fragility", args=[w.territory(t).code]),
            {"is_fragile": "on", "fragile_reason": "Besoin d'ingénierie"},
        ),
        lambda a, t, k: DONE if t in FLAGS_FRAGILE[a] else FORBIDDEN,
        happened=lambda w, t, k: Territory.objects.get(pk=w.territory(t).pk).is_fragile,
    ),
    Capability(
        # The fragility's reason is shown to the readers of the territory only.
        "territory_page_fragility",
        territory_page(),
        always_ok,
        prepare=lambda w, t, k: _make_fragile(w, t),
        check=lambda body, a, t, k: (
            []
            if (FRAGILE_REASON + TERRITORY_CODES[t] in body) == (t in READS_RESTRICTED[a])
            else ["fragility's reason shown or missing"]
        ),
    ),
    Capability(
        # The document of a step (a signed protocol) is public, as the signed acts are.
        "stage_document",
        lambda c, w, t, k: c.get(
            reverse("territories:stage_document", args=[w.territory(t).code, _step(w, t).pk])
        ),
        always_ok,
        prepare=lambda w, t, k: _step(w, t),
        check=lambda body, a, t, k: [] if body == _step_content(t).decode() else ["wrong file"],
    ),
    Capability(
        "stage_document_add",
        lambda c, w, t, k: c.post(
            reverse("territories:stage_document_add", args=[w.territory(t).code, _step(w, t).pk]),
            {"document": SimpleUploadedFile("contrat.pdf", b"%PDF-1.4 contrat")},
        ),
        lambda a, t, k: DONE if t in CHANGES_STAGE[a] else FORBIDDEN,
        prepare=lambda w, t, k: _step(w, t),
        happened=lambda w, t, k: (
            StageChange.objects.get(pk=_step(w, t).pk).document_name == "contrat.pdf"
        ),
    ),
    Capability(
        "sheet_page",
        lambda c, w, t, k: c.get(_sheet_url("sheet_detail", w, t, k)),
        _sheet_page,
        kinds=KINDS,
        check=lambda body, a, t, k: (
            body_has_title(body, a, t, k) + (similar_check(body, a, t, k) if k != DELETED else [])
        ),
    ),
    Capability(
        "inspire_page",  # « s'en inspirer »: the form copying the fiche
        lambda c, w, t, k: c.get(_sheet_url("sheet_inspire", w, t, k)),
        lambda a, t, k: gate(bool(COPIES_INTO[a]), page_visible(a, t, k), OK),
        kinds=KINDS,
        check=body_has_title,
    ),
    Capability(
        "inspire_post",  # the fiche copied into the actor's home territory
        lambda c, w, t, k: c.post(
            _sheet_url("sheet_inspire", w, t, k),
            {"territory": w.territory(OWN).code, "code": _copy_code(t, k), "title": "Copie"},
        ),
        lambda a, t, k: gate(OWN in COPIES_INTO[a], page_visible(a, t, k)),
        kinds=KINDS,
        happened=lambda w, t, k: ActionSheet.objects.filter(
            territory=w.territory(OWN), code=_copy_code(t, k), inspired_by=w.sheets[t, k]
        ).exists(),
    ),
    Capability(
        "inspire_into",  # another region's public fiche copied into the cell's territory
        lambda c, w, t, k: c.post(
            _sheet_url("sheet_inspire", w, OTHER_REGION, PUBLIC),
            {"territory": w.territory(t).code, "code": "F43", "title": "Copie"},
        ),
        lambda a, t, k: DONE if t in COPIES_INTO[a] else FORBIDDEN,
        happened=lambda w, t, k: ActionSheet.objects.filter(
            territory=w.territory(t), code="F43", inspired_by=w.sheets[OTHER_REGION, PUBLIC]
        ).exists(),
    ),
    Capability(
        "edit_page",
        lambda c, w, t, k: c.get(_sheet_url("sheet_edit", w, t, k)),
        lambda a, t, k: gate(t in EDITS[a], page_visible(a, t, k), OK),
        kinds=KINDS,
        check=body_has_title,
    ),
    Capability(
        "edit_post",
        lambda c, w, t, k: c.post(_sheet_url("sheet_edit", w, t, k), _edit_data(w.sheet(t, k))),
        lambda a, t, k: gate(t in EDITS[a], page_visible(a, t, k)),
        kinds=KINDS,
        happened=lambda w, t, k: w.sheet(t, k).title.endswith("(modifiée)"),
    ),
    Capability(
        "status_propose",  # draft → proposed, an "edit"-level move
        _status_post(Status.PROPOSED),
        lambda a, t, k: gate(t in EDITS[a], page_visible(a, t, k)),
        kinds=KINDS,
        happened=status_is(Status.PROPOSED),
    ),
    Capability(
        "status_validate",  # presented → validated, a "validate"-level move
        _status_post(Status.VALIDATED),
        lambda a, t, k: gate(t in VALIDATES[a], page_visible(a, t, k)),
        kinds=KINDS,
        prepare=lambda w, t, k: presented(w, t, k),
        happened=status_is(Status.VALIDATED),
    ),
    Capability(
        "delete_page",
        lambda c, w, t, k: c.get(_sheet_url("sheet_delete", w, t, k)),
        lambda a, t, k: gate(t in MANAGES_PLAN[a], page_visible(a, t, k), OK),
        kinds=KINDS,
        check=body_has_title,
    ),
    Capability(
        "delete_post",
        lambda c, w, t, k: c.post(_sheet_url("sheet_delete", w, t, k), {"comment": "doublon"}),
        lambda a, t, k: gate(t in MANAGES_PLAN[a], page_visible(a, t, k)),
        kinds=KINDS,
        happened=lambda w, t, k: w.sheet(t, k).deleted_at is not None,
    ),
    Capability(
        "trash_page",
        lambda c, w, t, k: c.get(reverse("plans:trash", args=[w.territory(t).code])),
        lambda a, t, k: OK if t in MANAGES_PLAN[a] else FORBIDDEN,
        check=lambda body, a, t, k: body_has_title(body, a, t, DELETED),
    ),
    Capability(
        "restore_post",
        lambda c, w, t, k: c.post(
            reverse("plans:sheet_restore", args=[w.territory(t).code, CODES[DELETED]])
        ),
        lambda a, t, k: DONE if t in MANAGES_PLAN[a] else FORBIDDEN,
        happened=lambda w, t, k: w.sheet(t, DELETED).deleted_at is None,
    ),
    Capability(
        "create_page",
        lambda c, w, t, k: c.get(reverse("plans:sheet_create", args=[w.territory(t).code])),
        lambda a, t, k: OK if t in MANAGES_PLAN[a] else FORBIDDEN,
    ),
    Capability(
        "create_post",
        lambda c, w, t, k: c.post(
            reverse("plans:sheet_create", args=[w.territory(t).code]),
            {**_edit_data(w.sheet(t, PUBLIC)), "code": "F9", "title": "Nouvelle", "pilots": []},
        ),
        lambda a, t, k: DONE if t in MANAGES_PLAN[a] else FORBIDDEN,
        happened=lambda w, t, k: ActionSheet.objects.filter(
            territory=w.territory(t), code="F9"
        ).exists(),
    ),
    Capability(
        "document_download",
        lambda c, w, t, k: c.get(_sheet_url("document_download", w, t, k, w.document(t, k))),
        lambda a, t, k: gate(True, page_visible(a, t, k), OK),
        kinds=KINDS,
        prepare=lambda w, t, k: w.document(t, k),
        check=lambda body, a, t, k: [] if body == document_content(t, k) else ["wrong file"],
    ),
    Capability(
        "document_add",
        lambda c, w, t, k: c.post(
            _sheet_url("document_add", w, t, k),
            {
                "title": "Plan de financement",
                "kind": "budget",
                "file": SimpleUploadedFile("budget.txt", b"42", content_type="text/plain"),
            },
        ),
        lambda a, t, k: gate(t in EDITS[a], page_visible(a, t, k)),
        kinds=KINDS,
        happened=lambda w, t, k: Document.objects.filter(
            sheet=w.sheets[t, k], title="Plan de financement"
        ).exists(),
    ),
    Capability(
        "document_remove",
        lambda c, w, t, k: c.post(_sheet_url("document_remove", w, t, k, w.document(t, k))),
        lambda a, t, k: gate(t in EDITS[a], page_visible(a, t, k)),
        kinds=KINDS,
        prepare=lambda w, t, k: w.document(t, k),
        happened=lambda w, t, k: not Document.objects.filter(sheet=w.sheets[t, k]).exists(),
    ),
    Capability(
        "edit_post_visibility",  # the form also switches public ↔ restricted
        lambda c, w, t, k: c.post(
            _sheet_url("sheet_edit", w, t, k),
            {
                **_edit_data(w.sheet(t, k)),
                "title": w.sheet(t, k).title,
                "visibility": _flip(w, t, k),
            },
        ),
        lambda a, t, k: gate(
            t in EDITS[a], page_visible(a, t, k), DONE if t in CHANGES_VISIBILITY[a] else IGNORED
        ),
        kinds=KINDS,
        happened=lambda w, t, k: w.sheet(t, k).visibility != w.sheets[t, k].visibility,
    ),
    Capability(
        # The URL of the home territory's public fiche, with the document of another fiche.
        "document_download_via_other_fiche",
        lambda c, w, t, k: c.get(_sheet_url("document_download", w, OWN, PUBLIC, w.document(t, k))),
        lambda a, t, k: OK if (t, k) == (OWN, PUBLIC) else HIDDEN,
        kinds=KINDS,
        prepare=lambda w, t, k: w.document(t, k),
        check=lambda body, a, t, k: [] if body == document_content(t, k) else ["wrong file"],
    ),
    Capability(
        "document_remove_via_other_fiche",
        lambda c, w, t, k: c.post(_sheet_url("document_remove", w, OWN, PUBLIC, w.document(t, k))),
        lambda a, t, k: gate(OWN in EDITS[a], True, DONE if (t, k) == (OWN, PUBLIC) else HIDDEN),
        kinds=KINDS,
        prepare=lambda w, t, k: w.document(t, k),
        happened=lambda w, t, k: not Document.objects.filter(sheet=w.sheets[t, k]).exists(),
    ),
    Capability(
        "members_page",
        lambda c, w, t, k: c.get(reverse("accounts:territory_members", args=[w.territory(t).code])),
        _members_page,
    ),
    Capability(
        "member_add",
        lambda c, w, t, k: c.post(
            reverse("accounts:territory_member_add", args=[w.territory(t).code]),
            {"email": w.newcomer().email, "role": Membership.Role.READER},
        ),
        _members_write,
        prepare=lambda w, t, k: w.newcomer(),
        happened=lambda w, t, k: Membership.objects.filter(
            user=w.newcomer(), territory=w.territory(t)
        ).exists(),
    ),
    Capability(
        "member_role",
        lambda c, w, t, k: c.post(
            reverse(
                "accounts:territory_member_role",
                args=[w.territory(t).code, w.bystander(t)],
            ),
            {f"m{w.bystander(t)}-role": Membership.Role.EDITOR},
        ),
        _members_write,
        prepare=lambda w, t, k: w.bystander(t),
        happened=lambda w, t, k: (
            Membership.objects.get(pk=w.bystander(t)).role == Membership.Role.EDITOR
        ),
    ),
    Capability(
        "member_remove",
        lambda c, w, t, k: c.post(
            reverse(
                "accounts:territory_member_remove",
                args=[w.territory(t).code, w.bystander(t)],
            )
        ),
        _members_write,
        prepare=lambda w, t, k: w.bystander(t),
        happened=lambda w, t, k: not Membership.objects.filter(pk=w.bystander(t)).exists(),
    ),
    Capability(
        # The members URL of the home territory, with a membership of the target territory.
        "member_role_via_own_territory",
        lambda c, w, t, k: c.post(
            reverse("accounts:territory_member_role", args=[w.territory(OWN).code, w.bystander(t)]),
            {f"m{w.bystander(t)}-role": Membership.Role.EDITOR},
        ),
        _members_write_via_own,
        prepare=lambda w, t, k: w.bystander(t),
        happened=lambda w, t, k: (
            Membership.objects.get(pk=w.bystander(t)).role == Membership.Role.EDITOR
        ),
    ),
    Capability(
        "member_remove_via_own_territory",
        lambda c, w, t, k: c.post(
            reverse(
                "accounts:territory_member_remove", args=[w.territory(OWN).code, w.bystander(t)]
            )
        ),
        _members_write_via_own,
        prepare=lambda w, t, k: w.bystander(t),
        happened=lambda w, t, k: not Membership.objects.filter(pk=w.bystander(t)).exists(),
    ),
    Capability(
        "member_person_match",
        _match_post(None),
        _members_write,
        prepare=lambda w, t, k: (w.bystander(t), w.directory(t)),
        happened=_matched(None),
    ),
    Capability(
        # A member of the home territory, the directory person of the target territory.
        "member_person_match_other_directory",
        _match_post(OWN),
        _members_match_other_directory,
        prepare=lambda w, t, k: (w.bystander(OWN), w.directory(t)),
        happened=_matched(OWN),
    ),
    Capability(
        "profile_page",
        lambda c, w, t, k: c.get(reverse("accounts:profile")),
        lambda a, t, k: LOGIN if a == "anonymous" else OK,
        targets=ONE,
    ),
    Capability(
        "token_create",
        lambda c, w, t, k: c.post(reverse("accounts:api_token_create"), {"name": "tableur"}),
        # The page answers 200 with the clear key, once: a write without a redirect.
        lambda a, t, k: LOGIN if a == "anonymous" else WRITTEN,
        targets=ONE,
        happened=lambda w, t, k: ApiToken.objects.filter(name="tableur").exists(),
    ),
    Capability(
        "token_revoke_own",
        lambda c, w, t, k: c.post(reverse("accounts:api_token_revoke", args=[w.token("own")])),
        lambda a, t, k: LOGIN if a == "anonymous" else DONE,
        targets=ONE,
        prepare=lambda w, t, k: w.token("own"),
        happened=lambda w, t, k: ApiToken.objects.get(pk=w.token("own")).revoked_at is not None,
    ),
    Capability(
        "token_revoke_stranger",  # somebody else's token: as if it did not exist
        lambda c, w, t, k: c.post(reverse("accounts:api_token_revoke", args=[w.token("other")])),
        lambda a, t, k: LOGIN if a == "anonymous" else HIDDEN,
        targets=ONE,
        prepare=lambda w, t, k: w.token("other"),
    ),
]
