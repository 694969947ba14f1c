"""The API documentation page is a page of the site: DSFR header and footer, French text
around Swagger UI (served from the pinned package, never a CDN), and it passes the same
checks as every page (style, console, axe-core) in each state a reader meets: operations
listed, one opened, "Essayer", a real call answered, the authorisation dialog; Swagger
UI's own words shown in French (api/static/api/docs.js)."""

import re

from playwright.sync_api import expect


def test_api_docs_sit_inside_the_site_and_pass_axe_in_every_state(demo_server, ui):
    page = ui.page
    ui.login("editeur")
    page.get_by_role("navigation", name="Menu principal").get_by_role("link", name="API").click()
    expect(page).to_have_url(re.compile(r"/api/v1/docs$"))
    expect(page.locator("h1")).to_have_text("Documentation de l’API v1")
    expect(page.locator("header.fr-header")).to_be_visible()
    expect(page.locator("footer.fr-footer")).to_be_visible()
    expect(page.locator("main")).to_have_count(1)
    expect(page.locator("h1")).to_have_count(1)
    operations = page.locator(".opblock")
    expect(operations.first).to_be_visible()
    ui.check()

    list_territories = page.locator(
        ".opblock", has=page.locator("[data-path='/api/v1/territories/']")
    )
    list_territories.locator(".opblock-summary-control").click()
    expect(page.get_by_role("button", name="Essayer")).to_be_visible()
    expect(page.locator("#swagger-ui")).to_contain_text("Paramètres")
    expect(page.locator("#swagger-ui")).not_to_contain_text("Try it out")
    ui.check()

    page.get_by_role("button", name="Essayer").click()
    ui.check()

    page.get_by_role("button", name="Exécuter").click()
    responses = page.locator(".live-responses-table tbody .response-col_status")
    expect(responses.first).to_have_text("200")
    # The demo's territories, the first page of them whatever their number (2, or the 148 of
    # 2019 when the shared file is there): a count and territories with their code.
    body = page.locator(".live-responses-table")
    expect(body).to_contain_text(re.compile(r'"count": [1-9][0-9]*'))
    expect(body).to_contain_text(re.compile(r'"code": "[0-9]{4}"'))
    ui.check()

    page.locator(".ti-swagger__authorize .btn.authorize").click()
    expect(page.locator(".modal-ux")).to_be_visible()
    expect(page.locator(".ti-swagger__authorize")).to_contain_text("S’authentifier")
    expect(page.locator(".modal-ux")).not_to_contain_text("Available authorizations")
    ui.check()
