"""In Chromium, the pages break no rule of their Content-Security-Policy: no violation
event and no console error while an editor browses the demo, filters the plan with htmx
and opens the API documentation (Swagger UI)."""

import os
import shutil

import pytest
from django.core.management import call_command

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
EDITOR = "editeur@demo.territoires-industrie.fr"
PASSWORD = "demo-territoires-2026"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason=f"{CHROMIUM} absent"),
]

# Registered before any script of the page runs; a CSP cannot block it.
WATCH_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (event) {
  window.__cspViolations.push(
    event.violatedDirective + " " + (event.blockedURI || "inline") + " " +
    (event.sourceFile || "") + ":" + event.lineNumber
  );
});
"""


@pytest.fixture
def browser_page():
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright non installé")
    if not shutil.which(CHROMIUM):
        pytest.skip(f"{CHROMIUM} n'est pas exécutable")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        context = browser.new_context(locale="fr-FR")
        context.set_default_timeout(15_000)
        context.add_init_script(WATCH_VIOLATIONS)
        page = context.new_page()
        try:
            yield page
        finally:
            context.close()
            browser.close()


def test_browsing_the_demo_breaks_no_content_security_policy_rule(
    transactional_db, live_server, browser_page
):
    call_command("load_demo", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    page = browser_page
    errors = []
    page.on(
        "console",
        lambda message: (
            errors.append(f"{page.url} : {message.text}") if message.type == "error" else None
        ),
    )
    violations = []

    def visit(path):
        page.goto(live_server.url + path)
        page.wait_for_load_state("networkidle")
        violations.extend(f"{path} : {v}" for v in page.evaluate("window.__cspViolations"))

    visit("/")
    visit("/compte/connexion/")
    page.get_by_label("Adresse électronique").fill(EDITOR)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.locator("main").get_by_role("button", name="Se connecter").click()
    page.wait_for_load_state("networkidle")
    visit("/territoires/4403/")
    # The plan's filter is an htmx request that swaps the table in place.
    with page.expect_response(lambda response: "q=friche" in response.url):
        page.locator("#filter-q").press_sequentially("friche")
    page.wait_for_load_state("networkidle")
    violations.extend(f"htmx : {v}" for v in page.evaluate("window.__cspViolations"))
    visit("/territoires/4403/fiches/F2.1/")
    visit("/territoires/4403/fiches/F2.1/modifier/")
    visit("/compte/profil/")
    visit("/api/v1/docs")
    page.locator("#swagger-ui .opblock").first.wait_for()
    violations.extend(f"api docs : {v}" for v in page.evaluate("window.__cspViolations"))

    assert violations == []
    assert errors == []
