"""Debian's chromium driven by Playwright, and the checks every visited page must pass.

`CheckedPage` wraps a Playwright page. From the moment it is opened it records console
errors, uncaught exceptions, CSP violations and failed requests (refused, or answered
4xx/5xx). `check()` asserts on the page shown now:

- the DSFR stylesheet applies: body's computed font-family names Marianne and the Marianne
  font face really loaded (an `integrity` mismatch or a missing file fails here); on the
  Django admin (/admin/), which keeps its own look, the admin's stylesheet applies;
- nothing went wrong since the previous check (console, exceptions, CSP, requests);
- axe-core (pinned in assets.toml, injected by Playwright, so outside the page's CSP)
  reports no violation, with its default rules (WCAG 2.0–2.2 A/AA and best practices).

Every page a test navigates to must be checked: the fixture fails a test that left a
visited address unchecked (`unchecked()`).
"""

import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
AXE = ROOT / "var" / "assets" / "test" / "axe-core"
TIMEOUT_MS = 15_000

# Runs in every document before the page's own scripts: CSP violations reach the console.
_INIT_SCRIPT = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.error(`CSP violation: ${event.violatedDirective} ${event.blockedURI}`);
});
"""

_STYLE_PROBE = """async () => {
  await document.fonts.ready;
  const marianne = [...document.fonts].filter((face) => /Marianne/i.test(face.family));
  return {
    fontFamily: getComputedStyle(document.body).fontFamily,
    marianneLoaded: marianne.some((face) => face.status === "loaded"),
    adminPrimary: getComputedStyle(document.documentElement).getPropertyValue("--primary"),
  };
}"""
# Django's admin keeps its own look: its stylesheet defines the --primary colour.
ADMIN_PATH = "/admin/"

_AXE_RUN = """async () => {
  // Colours are measured once transitions end (a button fading in is not a violation).
  const finite = document.getAnimations().filter(
    (a) => a.effect && a.effect.getComputedTiming().endTime !== Infinity
  );
  await Promise.race([
    Promise.allSettled(finite.map((a) => a.finished)),
    new Promise((resolve) => setTimeout(resolve, 2000)),
  ]);
  // No axe.configure({ locale }): it compiles its message templates with `new Function`,
  // which the pages' Content-Security-Policy refuses (no 'unsafe-eval', decision 0011).
  // Rule ids and English help are enough to name a violation.
  const results = await axe.run(document);
  return results.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.slice(0, 5).map((n) => ({ target: n.target, summary: n.failureSummary })),
  }));
}"""


def axe_source():
    path = AXE / "axe.min.js"
    if not path.exists():
        raise FileNotFoundError(f"{path} absent : lancez `make install` (scripts/fetch_assets.py)")
    return path.read_text(encoding="utf-8")


def launch(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)


class CheckedPage:
    def __init__(self, browser, base_url):
        self.base_url = base_url
        self.context = browser.new_context(
            locale="fr-FR", viewport={"width": 1280, "height": 900}, base_url=base_url
        )
        self.context.set_default_timeout(TIMEOUT_MS)
        self.context.add_init_script(_INIT_SCRIPT)
        self.context.add_init_script(axe_source())
        self.page = self.context.new_page()
        self.problems = []
        self.expected_error = None
        self.visited = []
        self.checked = set()
        self.page.on("console", self._on_console)
        self.page.on("pageerror", lambda error: self.problems.append(f"exception : {error}"))
        self.page.on("requestfailed", self._on_request_failed)
        self.page.on("response", self._on_response)
        self.page.on("framenavigated", self._on_navigated)

    def _on_console(self, message):
        expected = self.expected_error and message.location.get("url") == self.expected_error[0]
        if expected and message.text.startswith("Failed to load resource"):
            return  # Chromium's own line for the error page asked for
        if message.type == "error":
            self.problems.append(f"console : {message.text} ({message.location.get('url')})")

    def _on_request_failed(self, request):
        self.problems.append(f"requête échouée : {request.url} ({request.failure})")

    def _on_response(self, response):
        if response.status >= 400 and (response.url, response.status) != self.expected_error:
            self.problems.append(f"réponse {response.status} : {response.url}")

    def _on_navigated(self, frame):
        if frame == self.page.main_frame:
            self.visited.append(frame.url.split("#", 1)[0])

    def goto(self, path, expect_status=None, **kwargs):
        """Open `path` (relative to the server) and check the page. `expect_status` (an
        error page: 404, 403, 410…) is the one status of that address not reported."""
        url = self.base_url + path
        self.expected_error = (url, expect_status) if expect_status else None
        try:
            response = self.page.goto(url, **kwargs)
            assert expect_status is None or response.status == expect_status, (
                f"{path} : réponse {response.status}, {expect_status} attendu"
            )
            self.check()
        finally:
            self.expected_error = None
        return response

    def check(self):
        """Assert the page shown now is styled, error-free and accessible (see module)."""
        page = self.page
        page.wait_for_load_state("load")
        url = page.url
        self.checked.add(url.split("#", 1)[0])  # a failed check fails the test: no second report
        style = page.evaluate(_STYLE_PROBE)
        if url.startswith(self.base_url + ADMIN_PATH):
            assert style["adminPrimary"].strip(), f"{url} : feuille de style de l'admin absente"
        else:
            assert "Marianne" in style["fontFamily"], (
                f"{url} : feuille de style DSFR non appliquée (police {style['fontFamily']!r})"
            )
            assert style["marianneLoaded"], f"{url} : police Marianne non chargée"
            dashes = page.evaluate(
                "() => [...document.querySelectorAll('option')]"
                ".filter((o) => o.textContent.trim() === '---------').length"
            )
            assert not dashes, f"{url} : choix « --------- » dans une liste"
        violations = page.evaluate(_AXE_RUN)
        problems, self.problems = self.problems, []
        assert not problems, f"{url} :\n" + "\n".join(problems)
        assert not violations, f"{url} : axe-core :\n" + json.dumps(
            violations, ensure_ascii=False, indent=1
        )

    def unchecked(self):
        """Addresses the page showed that no check() ran on."""
        return [url for url in dict.fromkeys(self.visited) if url not in self.checked]

    def close(self):
        self.context.close()


def same_origin_links(page, base_url):
    """The distinct addresses of the page's links to the same site, without fragment."""
    # An SVG link's href is an SVGAnimatedString: its baseVal, resolved like an HTML one.
    hrefs = page.eval_on_selector_all(
        "a[href]",
        "links => links.map(a => typeof a.href === 'string' ? a.href"
        " : new URL(a.href.baseVal, document.baseURI).href)",
    )
    links = []
    for href in hrefs:
        href = href.split("#", 1)[0]
        if href.startswith(base_url) and href not in links:
            links.append(href)
    return links


def path_of(url, base_url):
    return re.sub(r"^" + re.escape(base_url), "", url) or "/"
