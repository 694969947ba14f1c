"""The embedded SQLite serves concurrent writers (territoires/settings.py: WAL journal,
busy timeout, IMMEDIATE transactions), against the `make demo` server: gunicorn with two
worker processes of four threads each on one SQLite file.

- 20 parallel PATCHes of one fiche through the API (token auth), all made from the same
  version: exactly one 200, nineteen 409 (optimistic locking), no server error; three
  rounds.
- 10 parallel creations of distinct fiches through the page's form (the browser fills the
  form once, its request is replayed with other codes): all saved.

The token and the form come from the pages, as a user would get them. Everything happens
in the demo's second territory (4412, its `editeur.troyes`), so that the flows on 4403
see its plan as the demo loads it.
"""

import json
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

from playwright.sync_api import expect

TERRITORY = "4412"
EDITOR = "editeur.troyes"
SHEET = "F1"
WRITERS = 20
ROUNDS = 3
CREATIONS = 10


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


OPENER = urllib.request.build_opener(NoRedirect)


def send(request):
    """(status, body) of a request, whatever its status."""
    try:
        with OPENER.open(request, timeout=60) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def in_parallel(requests):
    """Send every request at the same moment (a barrier), one thread each."""
    barrier = threading.Barrier(len(requests))

    def go(request):
        barrier.wait()
        return send(request)

    with ThreadPoolExecutor(len(requests)) as pool:
        return list(pool.map(go, requests))


def api_token(ui):
    """A personal API token of the logged-in user, created on the profile page."""
    page = ui.page
    ui.goto("/compte/profil/")
    page.locator("form[action$='/jetons/'] input[name=name]").fill("concurrence")
    page.get_by_role("button", name="Créer le jeton").click()
    key = page.locator("#nouveau-jeton code")
    expect(key).to_be_visible()
    ui.check()
    return key.inner_text().strip()


def test_parallel_patches_of_one_fiche_give_one_success_and_conflicts(demo_server, ui):
    ui.login(EDITOR)
    headers = {"Authorization": f"Bearer {api_token(ui)}", "Content-Type": "application/json"}
    [(sheet_id,)] = demo_server.query(
        "SELECT s.id FROM plans_actionsheet s JOIN referential_territory t"
        " ON t.id = s.territory_id WHERE t.code = ? AND s.code = ?",
        (TERRITORY, SHEET),
    )
    url = f"{demo_server.url}/api/v1/action-sheets/{sheet_id}/"

    for round_ in range(ROUNDS):
        status, body = send(urllib.request.Request(url, headers=headers))
        assert status == 200, body
        version = json.loads(body)["version"]
        requests = [
            urllib.request.Request(
                url,
                method="PATCH",
                headers=headers,
                data=json.dumps(
                    {"version": version, "objectives": f"Tour {round_}, auteur {writer}."}
                ).encode(),
            )
            for writer in range(WRITERS)
        ]
        answers = in_parallel(requests)

        statuses = Counter(status for status, _ in answers)
        errors = [body[:300] for status, body in answers if status >= 500]
        assert statuses == {200: 1, 409: WRITERS - 1}, f"tour {round_} : {statuses}\n{errors}"
        [winner] = [json.loads(body) for status, body in answers if status == 200]
        assert winner["version"] == version + 1
        [(objectives, saved_version)] = demo_server.query(
            "SELECT objectives, version FROM plans_actionsheet WHERE id = ?", (sheet_id,)
        )
        assert (objectives, saved_version) == (winner["objectives"], version + 1)


def test_parallel_creations_of_distinct_fiches_all_succeed(demo_server, ui):
    page = ui.page
    ui.login(EDITOR)
    create = f"/territoires/{TERRITORY}/fiches/nouvelle/"
    ui.goto(create)
    page.locator("#sheet-form input[name=code]").fill("P0")
    page.locator("#sheet-form input[name=title]").fill("Fiche créée en parallèle")
    page.locator("#sheet-form select[name=axis]").select_option(label="Innover")
    sent = []

    def capture(route):
        sent.append(route.request.post_data)
        route.fulfill(status=204, body="")

    page.route(f"**{create}", capture)
    page.locator("#sheet-form").get_by_role("button", name="Enregistrer").click()
    page.wait_for_timeout(200)
    page.unroute(f"**{create}")
    [body] = sent
    fields = urllib.parse.parse_qsl(body, keep_blank_values=True)
    cookies = "; ".join(f"{c['name']}={c['value']}" for c in page.context.cookies())
    headers = {
        "Cookie": cookies,
        "Content-Type": "application/x-www-form-urlencoded",
        "Referer": demo_server.url + create,
    }
    codes = [f"P{number}" for number in range(1, CREATIONS + 1)]
    requests = []
    for code in codes:
        data = [
            (name, code if name == "code" else f"Fiche {code}" if name == "title" else value)
            for name, value in fields
        ]
        requests.append(
            urllib.request.Request(
                demo_server.url + create,
                method="POST",
                headers=headers,
                data=urllib.parse.urlencode(data).encode(),
            )
        )

    answers = in_parallel(requests)

    assert [status for status, _ in answers] == [302] * CREATIONS, [
        (status, body[:300]) for status, body in answers if status != 302
    ]
    saved = demo_server.query(
        "SELECT s.code, s.title FROM plans_actionsheet s JOIN referential_territory t"
        " ON t.id = s.territory_id WHERE t.code = ? AND s.code LIKE 'P%' ORDER BY s.code",
        (TERRITORY,),
    )
    assert sorted(saved) == sorted((code, f"Fiche {code}") for code in codes)
