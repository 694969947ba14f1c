"""Browser tests against the platform exactly as `make demo` serves it.

Fixtures to reuse in any browser flow (meetings, funding…):

- `demo_server` (session): the demo configuration built in a temporary folder and served
  by gunicorn with the task worker (tests/e2e/demo_server.py). `demo_server.url` is the
  address; `demo_server.query(sql)` reads its SQLite file (read-only) to double-check what
  the pages said; `demo_server.mails()` / `wait_for_mail(to)` read the mails the worker
  sent (file backend). One server per test run: a flow that changes data should change
  what no other test relies on, or create its own objects.
- `ui` (function): a `CheckedPage` (tests/e2e/browser.py) in a fresh browser context.
  `ui.goto(path)` opens and checks a page; after a click that shows a new page, call
  `ui.check()`. Each check asserts that the DSFR stylesheet applies (Marianne), that no
  console error, exception, CSP violation or failed request happened, and that axe-core
  finds no violation. A test that leaves a visited page unchecked fails. `ui.page` is the
  Playwright page; `ui.login(email)` logs in through the login form.

Every test here is marked `browser` and grouped on one xdist worker (`xdist_group`), so
the run builds one demo server. They run in `make test` on the SQLite leg (the demo
configuration is SQLite; on the PostgreSQL leg they are skipped).
"""

import os
import shutil

import pytest
from django.db import connection

from .browser import CHROMIUM, CheckedPage, launch
from .demo_server import DemoServer

DEMO_PASSWORD = "demo-territoires-2026"
DEMO_DOMAIN = "demo.territoires-industrie.fr"


def pytest_collection_modifyitems(config, items):
    here = os.path.dirname(__file__)
    for item in items:
        if str(item.path).startswith(here):
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.xdist_group("demo_server"))


@pytest.fixture(scope="session")
def demo_server(tmp_path_factory, collected_static):
    if connection.vendor != "sqlite":
        pytest.skip("la démo est servie sur SQLite : tests navigateur sur la branche SQLite")
    if not shutil.which(CHROMIUM):
        pytest.skip(f"{CHROMIUM} absent : installez le paquet chromium")
    server = DemoServer.start(tmp_path_factory.mktemp("demo"), collected_static)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def chromium(demo_server):
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright non installé")
    with sync_api.sync_playwright() as playwright:
        browser = launch(playwright)
        yield browser
        browser.close()


class DemoPage(CheckedPage):
    def login(self, account):
        """Log in as a demo account ("editeur", …) through the login form."""
        self.goto("/compte/connexion/")
        self.page.get_by_label("Adresse électronique").fill(f"{account}@{DEMO_DOMAIN}")
        self.page.get_by_label("Mot de passe").fill(DEMO_PASSWORD)
        self.page.locator("main").get_by_role("button", name="Se connecter").click()
        self.page.get_by_role("button", name="Se déconnecter").wait_for()
        self.check()


@pytest.fixture
def ui(chromium, demo_server):
    checked = DemoPage(chromium, demo_server.url)
    try:
        yield checked
        unchecked = [u for u in checked.unchecked() if u.startswith(demo_server.url)]
        assert not unchecked, f"pages visitées sans vérification : {unchecked}"
    finally:
        checked.close()
