"""End-to-end: the editor of 4403 finances a fiche from a suggestion, in a real browser
against the `make demo` server.

Fiche F2.2 → its financing plan → the suggested schemes with their reasons → one click
adds the first one as an "envisagé" line → its amount set → sollicité → accordé → the
territory's money view and the Région's show the commitment and the fiche. Every page
is checked (style, console, axe-core); the server's SQLite file double-checks the line.
"""

import re

from playwright.sync_api import expect

PLAN = "/territoires/4403/fiches/F2.2/financement/"


def _move(ui, line, status):
    page = ui.page
    row = page.locator(f"tr[data-line='{line}']")
    row.locator(f"select[name='l{line}-target']").select_option(status)
    row.get_by_role("button", name="Appliquer").click()
    expect(page.locator(f"tr[data-line='{line}']")).to_have_attribute("data-status", status)
    ui.check()


def test_a_suggestion_becomes_a_granted_line_seen_by_the_territory_and_the_region(demo_server, ui):
    page = ui.page
    ui.login("editeur")

    # The fiche links to its financing plan.
    ui.goto("/territoires/4403/fiches/F2.2/")
    page.locator("[data-testid=funding-link]").click()
    expect(page).to_have_url(re.compile(re.escape(PLAN) + "$"))
    expect(page.locator("h1")).to_have_text("Plan de financement")
    ui.check()

    # Suggestions with their reasons, each with its source address.
    first = page.locator("[data-testid=suggestions] li").first
    expect(first).to_contain_text("axe Attirer")
    expect(first).to_contain_text("éligible aux EPCI")
    scheme_name = first.locator("strong").inner_text()
    expect(first.get_by_role("link", name="Voir la fiche du dispositif")).to_have_attribute(
        "href", re.compile(r"^https://aides-territoires\.beta\.gouv\.fr/")
    )

    # One click: an "envisagé" line of the scheme's financer.
    first.get_by_role("button", name="Ajouter au plan (envisagé)").click()
    row = page.locator("[data-testid=funding-lines] tr[data-line]").first
    expect(row).to_have_attribute("data-status", "considered")
    expect(row).to_contain_text(scheme_name)
    ui.check()
    line = row.get_attribute("data-line")
    financer = row.locator("td").first.inner_text().strip()

    # Its amount, then sollicité, then accordé.
    row.locator("summary").click()
    row.get_by_label("Montant (€)").fill("25 000")
    row.get_by_role("button", name="Enregistrer").click()
    expect(page.locator(f"tr[data-line='{line}']")).to_contain_text("25\u00a0000,00 €")
    ui.check()
    _move(ui, line, "requested")
    _move(ui, line, "granted")
    rows = demo_server.query("SELECT status, amount FROM funding_fundingline WHERE id = ?", (line,))
    assert [(status, float(amount)) for status, amount in rows] == [("granted", 25000.0)]

    # The territory's money view, then the Région's.
    ui.goto("/territoires/4403/")
    page.get_by_role("link", name="Financements").click()
    expect(page.locator("h1")).to_contain_text("Financements")
    ui.check()
    expect(page.locator("[data-testid=money-financers]")).to_contain_text(financer)
    expect(page.locator("[data-testid=money-sheets]")).to_contain_text("F2.2")
    page.get_by_role(
        "link", name=re.compile("Financements de tous les territoires de la région Grand Est")
    ).click()
    expect(page.locator("h1")).to_have_text("Financements — Région Grand Est")
    ui.check()
    expect(page.locator("[data-testid=money-financers]")).to_contain_text(financer)
    expect(page.locator("[data-testid=money-sheets]")).to_contain_text("F2.2")
