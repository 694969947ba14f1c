"""Running the cells of one actor × one capability, and the parameters of the tests."""

import pytest

from .rules import (
    ACTORS,
    CREATED,
    DONE,
    FORBIDDEN,
    GONE,
    HIDDEN,
    IGNORED,
    INVALID,
    KNOWN_BUGS,
    LOGIN,
    OK,
    UNAUTHORIZED,
    WRITTEN,
    secret_contacts,
    secret_titles,
)
from .world import db_state

LOGIN_PATH = "/compte/connexion/"
STATUSES = {
    OK: 200,
    DONE: 302,
    IGNORED: 302,
    WRITTEN: 200,
    CREATED: 201,
    FORBIDDEN: 403,
    HIDDEN: 404,
    LOGIN: 302,
    UNAUTHORIZED: 401,
    INVALID: 400,
    GONE: 410,
}


class KnownBug(Exception):
    """A cell listed in KNOWN_BUGS behaves as the bug says (the test is xfail strict)."""


def _body(response):
    """The body as text (a binary file, a PDF, is read with its bytes replaced)."""
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode(errors="replace")
    return response.content.decode(errors="replace")


def run_cell(world, client, actor, capability, target, kind, before=None):
    """Make the request; return the problems found (empty when the cell is right) and the
    database state after it when known (`before` is the state left by the previous cell)."""
    expected = capability.expect(actor, target, kind)
    if capability.prepare:
        capability.prepare(world, target, kind)
        before = None
    if before is None:
        before = db_state()
    try:
        response = capability.call(client, world, target, kind)
    except Exception as exc:  # the test client re-raises a view's exception (a 500)
        return [f"expected {expected}, the server failed: {type(exc).__name__}: {exc}"], None
    body = _body(response)
    problems = []
    if response.status_code != STATUSES[expected]:
        problems.append(f"expected {expected}, got {response.status_code}")
    elif expected == LOGIN and not response["Location"].startswith(LOGIN_PATH):
        problems.append(f"expected a redirect to the login page, got {response['Location']}")
    elif expected in (DONE, IGNORED) and response["Location"].startswith(LOGIN_PATH):
        problems.append("redirected to the login page instead of writing")
    for secret in secret_titles(actor) | secret_contacts(actor):
        if secret in body:
            problems.append(f"leaks {secret!r}")
    after = None
    if expected in (DONE, WRITTEN, CREATED):
        if not capability.happened(world, target, kind):
            problems.append("the write did not happen")
    else:
        after = db_state()
        if after != before:
            problems.append(f"{expected} but the database changed")
    if expected == OK and capability.check and response.status_code == 200:
        problems.extend(capability.check(body, actor, target, kind))
    return problems, after


def cell_id(label, target, kind, capability):
    return "-".join(p for p in (label, target, kind, capability.name) if p)


def run(world, client, actor, capability, label):
    """Every cell of one actor × one capability: each kind of fiche, each territory."""
    failures, bugs, state = [], [], None
    for kind in capability.kinds:
        for target in capability.targets:
            cell = cell_id(label, target, kind, capability)
            problems, state = run_cell(world, client, actor, capability, target, kind, state)
            if cell in KNOWN_BUGS:
                if not problems:
                    failures.append(f"{cell}: listed in KNOWN_BUGS but behaves as the rules say")
                else:
                    bugs.append(f"{cell}: {'; '.join(problems)}")
            elif problems:
                failures.append(f"{cell}: {'; '.join(problems)}")
    assert not failures, "\n".join(failures)
    if bugs:
        raise KnownBug("\n".join(bugs))


# The parameters --------------------------------------------------------------------


def matrix_params(capabilities, actors):
    """One test per actor × capability (its cells: kinds × territories), with ids like
    "editor-edit_post" or "region-token-api_patch_validate"."""
    params = []
    for capability in capabilities:
        for actor, auth in actors:
            label = f"{actor}-{auth}" if auth else actor
            reasons = [
                KNOWN_BUGS[cell_id(label, target, kind, capability)]
                for kind in capability.kinds
                for target in capability.targets
                if cell_id(label, target, kind, capability) in KNOWN_BUGS
            ]
            marks = ()
            if reasons:
                marks = pytest.mark.xfail(strict=True, raises=KnownBug, reason=reasons[0])
            params.append(
                pytest.param(actor, auth, capability, id=f"{label}-{capability.name}", marks=marks)
            )
    return params


PAGE_ACTORS = [(actor, None) for actor in ACTORS]
API_ACTORS = [("anonymous", None)] + [
    (actor, auth) for actor in ACTORS if actor != "anonymous" for auth in ("token", "session")
]
