"""End-to-end: an editor of 4403 works on a fiche in a real browser (Debian's chromium),
against the platform as `make demo` serves it (tests/e2e/conftest.py).

Home → login form → plan of 4403 (15 fiches, natural order inside each axis) → fiche F2.1
→ edit form (objectives) → history → status form (Présentée → Validée) → htmx search on
the plan. Everything goes through the pages, as a user would, and every page shown is
checked (style, console, axe-core); the server's SQLite file is only read to double-check
what the pages said.
"""

import re
import time

from playwright.sync_api import expect

EDITOR = "editeur@demo.territoires-industrie.fr"
PASSWORD = "demo-territoires-2026"
TERRITORY = "4403"

# The plan's order: axes in the programme's order, codes in natural order inside each.
PLAN_BY_AXIS = {
    "attirer": ["F1", "F2.0", "F2.1", "F2.2", "F3", "F10", "F13"],
    "recruter": ["F8", "F9", "F12"],
    "innover": ["F6", "F11"],
    "simplifier": ["F4", "F5", "F7"],
}
NEW_OBJECTIVES = (
    "Requalifier deux friches industrielles du bassin avant fin 2027.\n"
    "Objectif ajouté par le parcours de test navigateur."
)


def _plan_codes(page):
    """{axis code: [fiche codes in table order]} as the plan table shows them."""
    return page.eval_on_selector_all(
        "#plan-table tbody[data-axis]",
        """groups => Object.fromEntries(groups.map(g => [
            g.dataset.axis, [...g.querySelectorAll('tr[data-sheet]')].map(r => r.dataset.sheet)
        ]))""",
    )


def test_editor_edits_and_validates_a_fiche(demo_server, ui):
    page = ui.page
    started = time.monotonic()

    # Home: the 148 territories of 2019, the visitor is anonymous; the search finds 4403.
    ui.goto("/")
    expect(page.locator("h1")).to_have_text("Les territoires d’industrie")
    page.get_by_label("Rechercher un territoire").fill("Langres")
    page.get_by_role("button", name="Rechercher").click()
    expect(page.locator(f"tr[data-territory='{TERRITORY}']")).to_be_visible()
    ui.check()

    # Login through the header's button and the form.
    page.get_by_role("link", name="Se connecter").click()
    expect(page.locator("h1")).to_have_text("Connexion")
    ui.check()
    page.get_by_label("Adresse électronique").fill(EDITOR)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.locator("main").get_by_role("button", name="Se connecter").click()
    # Back on the page the visitor came from, now with their name in the header.
    expect(page.locator("h1")).to_have_text("Les territoires d’industrie")
    expect(page.get_by_role("button", name="Se déconnecter")).to_be_visible()
    ui.check()

    # The plan of 4403: 15 fiches, grouped by axis, natural order inside each axis.
    page.locator(f"tr[data-territory='{TERRITORY}'] a").click()
    expect(page).to_have_url(re.compile(rf"/territoires/{TERRITORY}/$"))
    expect(page.locator("[data-testid=plan-count]")).to_have_text("15 fiches.")
    ui.check()
    assert _plan_codes(page) == PLAN_BY_AXIS
    assert list(_plan_codes(page)) == list(PLAN_BY_AXIS), "axes hors de l'ordre du programme"

    # The fiche F2.1.
    page.locator("#plan-table tr[data-sheet='F2.1'] td:nth-child(2) a").click()
    expect(page).to_have_url(re.compile(rf"/territoires/{TERRITORY}/fiches/F2\.1/$"))
    expect(page.locator("h1")).to_contain_text("Renforcer l'offre foncière")
    expect(page.locator("[data-testid=sheet-badges] [data-status]")).to_have_text("Présentée")
    ui.check()
    updates_before = page.locator("#historique ~ .fr-table tr[data-action='updated']").count()

    # Edit it: change the objectives, save.
    page.get_by_role("link", name="Modifier", exact=True).click()
    expect(page.locator("h1")).to_have_text("Modifier la fiche F2.1")
    ui.check()
    page.locator("#sheet-form textarea[name=objectives]").fill(NEW_OBJECTIVES)
    page.locator("#sheet-form").get_by_role("button", name="Enregistrer").click()

    expect(page).to_have_url(re.compile(rf"/territoires/{TERRITORY}/fiches/F2\.1/$"))
    expect(page.get_by_role("alert")).to_contain_text("La fiche F2.1 a été enregistrée.")
    ui.check()
    objectives = page.locator("h2:text-is('Objectifs') + p")
    expect(objectives).to_contain_text("Requalifier deux friches industrielles")
    expect(objectives).to_contain_text("parcours de test navigateur")
    updates = page.locator("#historique ~ .fr-table tr[data-action='updated']")
    expect(updates).to_have_count(updates_before + 1)
    newest = updates.first
    expect(newest).to_contain_text("Démo Éditeur")
    expect(newest).to_contain_text("Objectifs")
    expect(newest.locator(".ti-diff-new")).to_contain_text("Requalifier deux friches")

    # Change its status with a comment: Présentée → Validée.
    status_form = page.locator("#status-form")
    status_form.get_by_label("Nouveau statut").select_option("validated")
    status_form.get_by_label("Commentaire").fill("Validée par le comité de projet du 30/09.")
    status_form.get_by_role("button", name="Appliquer").click()

    expect(page.get_by_role("alert")).to_contain_text("Statut de la fiche F2.1 : Validée.")
    expect(page.locator("[data-testid=sheet-badges] [data-status]")).to_have_text("Validée")
    ui.check()
    transition = page.locator("#historique ~ .fr-table tr[data-action='status_changed']").first
    expect(transition).to_contain_text("Présentée")
    expect(transition).to_contain_text("Validée")
    expect(transition).to_contain_text("Validée par le comité de projet du 30/09.")
    expect(transition).to_contain_text("Démo Éditeur")

    # What the pages said is what the server's database holds.
    [(status, objectives_saved)] = demo_server.query(
        "SELECT s.status, s.objectives FROM plans_actionsheet s"
        " JOIN referential_territory t ON t.id = s.territory_id"
        " WHERE t.code = ? AND s.code = 'F2.1' AND s.deleted_at IS NULL",
        (TERRITORY,),
    )
    assert status == "validated"
    assert objectives_saved.replace("\r\n", "\n") == NEW_OBJECTIVES

    # The plan's search replaces the table in place (htmx), without reloading the page.
    page.get_by_role("link", name="Bassins de Langres - Chaumont").first.click()
    expect(page.locator("[data-testid=plan-count]")).to_have_text("15 fiches.")
    ui.check()
    page.evaluate("window.__samePage = true")
    page.eval_on_selector("#plan-table", "el => el.dataset.old = 'yes'")
    page.locator("#filter-q").press_sequentially("navigateur", delay=20)

    expect(page.locator("#plan-table:not([data-old])")).to_be_attached()
    expect(page.locator("#plan-table")).to_have_count(1)
    expect(page.locator("[data-testid=plan-count]")).to_have_text(
        "1 fiche correspondant aux filtres."
    )
    assert _plan_codes(page) == {"attirer": ["F2.1"]}
    expect(page.locator("#plan-table tr[data-sheet='F2.1'] [data-status]")).to_have_text("Validée")
    assert page.evaluate("window.__samePage === true"), "la page a été rechargée"
    expect(page).to_have_url(re.compile(r"[?&]q=navigateur"))
    ui.check()

    assert time.monotonic() - started < 90, "parcours navigateur trop lent"
