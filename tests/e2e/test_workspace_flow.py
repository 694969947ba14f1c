"""End-to-end: the Région sends a fiche back for rework from its validation queue, and the
pilot finds the notification, with the reason, in Mon espace and in their mailbox.

The demo's contributeur (Camille Exemple) pilots F10 of 4403, presented to the companies.
They first choose to receive their notifications immediately by email; the Région account
signs in, lands in Mon espace, opens « Fiches à valider », finds F10 and sends it back for
rework with a reason; the contributeur signs in, lands in Mon espace and reads it. Every
page shown is checked (DSFR style applied, no console error, axe-core)."""

from playwright.sync_api import expect

DOMAIN = "demo.territoires-industrie.fr"
PILOT = f"contributeur@{DOMAIN}"
SHEET = "F10"
REASON = "Précisez le budget de fonctionnement et le calendrier des embauches."


def _logout(ui):
    ui.page.get_by_role("button", name="Se déconnecter").click()
    ui.page.get_by_role("link", name="Se connecter").wait_for()
    ui.check()


def test_the_region_sends_a_fiche_back_and_the_pilot_is_notified(demo_server, ui):
    page = ui.page

    # The pilot wants their notifications by email at once.
    ui.login("contributeur")
    expect(page.locator("h1")).to_have_text("Mon espace")
    expect(page.locator("[data-testid=my-sheets]")).to_contain_text(SHEET)
    page.goto(demo_server.url + "/mon-espace/notifications/reglages/")
    ui.check()
    page.get_by_text("Immédiatement, à chaque notification").click()
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_text("Vos réglages des notifications sont enregistrés.")).to_be_visible()
    ui.check()
    _logout(ui)

    # The Région lands in Mon espace, opens its queue and finds F10 of 4403.
    ui.login("region")
    expect(page.locator("h1")).to_have_text("Mon espace")
    page.get_by_role("link", name="Toutes les fiches à valider").click()
    expect(page.locator("h1")).to_have_text("Fiches à valider")
    ui.check()
    page.get_by_label("Territoire").select_option("4403")
    page.get_by_role("button", name="Filtrer").click()
    row = page.locator(f"tr[data-sheet='{SHEET}']")
    expect(row).to_be_visible()
    ui.check()
    row.get_by_role("link", name="Renvoyer").click()
    expect(page.locator("#status-form")).to_be_visible()
    ui.check()
    page.get_by_label("Nouveau statut").select_option(
        label="Brouillon — Renvoyer pour être retravaillée"
    )
    page.get_by_label("Commentaire").fill(REASON)
    page.locator("#status-form").get_by_role("button", name="Appliquer").click()
    expect(page.get_by_text(f"Statut de la fiche {SHEET} : Brouillon.")).to_be_visible()
    ui.check()
    _logout(ui)

    # The pilot gets the email, then finds the notification in Mon espace.
    message = demo_server.wait_for_mail(PILOT)
    text = message.get_body(preferencelist=("plain",)).get_content()
    assert f"{SHEET} " in text and "renvoyée pour être retravaillée" in text
    assert REASON in text
    ui.login("contributeur")
    notifications = page.locator("[data-testid=notifications]")
    sent_back = notifications.locator("li[data-notification=sent_back]").first
    expect(sent_back).to_contain_text("renvoyée pour être retravaillée par Démo Région Grand Est")
    expect(sent_back).to_contain_text(REASON)
    expect(sent_back).to_contain_text("Non lue")
    expect(notifications.locator("[data-testid=unread-count]")).to_be_visible()
    page.get_by_role("button", name="Tout marquer comme lu").click()
    expect(page.get_by_text("Toutes vos notifications sont marquées comme lues.")).to_be_visible()
    expect(notifications.locator("[data-testid=unread-count]")).to_have_count(0)
    ui.check()
