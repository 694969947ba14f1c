"""The error pages in a real browser, as `make demo` serves them: the 404 of an unknown
address, the 403 of a page refused to a signed-in lecteur, the 410 of a deleted fiche
with its Restaurer button (the fiche is restored, so the demo is left as found), the 400
of a refused input and the CSRF failure of an expired form. Each is styled, without
console error, and passes axe-core."""

from playwright.sync_api import expect


def _fiche(demo_server):
    """The last fiche of 4403 in the plan's order, which no other browser flow touches."""
    [(code,)] = demo_server.query(
        "SELECT s.code FROM plans_actionsheet s JOIN referential_territory t"
        " ON t.id = s.territory_id WHERE t.code = '4403' AND s.deleted_at IS NULL"
        " ORDER BY s.sort_key DESC LIMIT 1"
    )
    return code


def test_unknown_address_shows_the_dsfr_404_page(demo_server, ui):
    ui.goto("/nulle-part/", expect_status=404)

    expect(ui.page.locator("h1")).to_have_text("Page non trouvée")
    expect(ui.page.locator("footer.fr-footer")).to_be_visible()


def test_refused_page_shows_the_dsfr_403_page(demo_server, ui):
    code = _fiche(demo_server)
    ui.login("lecteur")

    ui.goto(f"/territoires/4403/fiches/{code}/modifier/", expect_status=403)

    expect(ui.page.locator("h1")).to_have_text("Accès refusé")


def test_deleted_fiche_shows_410_and_is_restored_from_there(demo_server, ui):
    code = _fiche(demo_server)
    page = ui.page
    ui.login("editeur")
    ui.goto(f"/territoires/4403/fiches/{code}/supprimer/")
    page.get_by_role("button", name="Confirmer la suppression").click()
    page.wait_for_url("**/territoires/4403/")
    ui.check()

    ui.goto(f"/territoires/4403/fiches/{code}/", expect_status=410)
    expect(page.locator("h1")).to_have_text(f"Fiche {code} supprimée")
    expect(page.locator("main")).to_contain_text("a été supprimée le")
    page.get_by_role("button", name=f"Restaurer la fiche {code}").click()
    page.wait_for_url(f"**/territoires/4403/fiches/{code}/")
    ui.check()
    expect(page.get_by_role("alert")).to_contain_text(f"La fiche {code} a été restaurée.")


def test_bad_request_shows_the_dsfr_400_page(demo_server, ui):
    ui.goto("/?q=%00", expect_status=400)

    expect(ui.page.locator("h1")).to_have_text("Requête incorrecte")
    expect(ui.page.locator("footer.fr-footer")).to_be_visible()


def test_expired_form_shows_the_csrf_failure_page(demo_server, ui):
    page = ui.page
    ui.goto("/compte/connexion/")
    page.context.clear_cookies()  # as when the session and its CSRF cookie are gone
    page.get_by_label("Adresse électronique").fill("editeur@demo.territoires-industrie.fr")
    page.get_by_label("Mot de passe").fill("mauvais-mot-de-passe")
    ui.expected_error = (demo_server.url + "/compte/connexion/", 403)
    page.locator("main").get_by_role("button", name="Se connecter").click()
    expect(page.locator("h1")).to_have_text("Formulaire expiré")
    ui.check()
    ui.expected_error = None
