"""Importing contacts in a real browser: the editor uploads a CSV file, sees the preview
(what each line creates, the new company) with nothing written yet, confirms, and finds
the contacts in the list. A second file with an error shows the line and column, and no
confirm button. The addresses are this test's own."""

from playwright.sync_api import expect

GOOD = (
    "Prénom;Nom;Courriel;Entreprise;Étiquettes\n"
    "Aurore;Import-Navigateur;aurore.e2e@import.example;Atelier Navigateur;E2E\n"
    "Basile;Import-Navigateur;basile.e2e@import.example;;E2E\n"
)
BAD = "Nom;Courriel\nSans-Adresse;pas-une-adresse\n"


def _count(demo_server, email):
    [(count,)] = demo_server.query(
        f"SELECT COUNT(*) FROM organisations_person WHERE email = '{email}'"
    )
    return count


def test_upload_preview_then_confirm(demo_server, ui, tmp_path):
    page = ui.page
    ui.login("editeur")
    ui.goto("/territoires/4403/contacts/importer/")

    bad = tmp_path / "erreur.csv"
    bad.write_text(BAD, encoding="utf-8")
    page.get_by_label("Fichier CSV").set_input_files(str(bad))
    # A refused file is answered 400 (a form with errors): the one error status expected.
    ui.expected_error = (demo_server.url + "/territoires/4403/contacts/importer/", 400)
    page.locator("#import-form").get_by_role("button", name="Voir l’aperçu").click()
    errors = page.locator("#import-errors")
    expect(errors).to_contain_text("Le fichier n’a pas été importé : 1 erreur")
    expect(page.get_by_role("row", name="ligne 2, colonne « Courriel »")).to_contain_text(
        "invalide"
    )
    expect(page.get_by_role("button", name="Confirmer l’import")).to_have_count(0)
    ui.check()
    ui.expected_error = None

    good = tmp_path / "contacts.csv"
    good.write_text(GOOD, encoding="utf-8")
    page.get_by_label("Fichier CSV").set_input_files(str(good))
    page.locator("#import-form").get_by_role("button", name="Voir l’aperçu").click()
    expect(page.locator("#import-preview-summary")).to_contain_text("2 créations")
    preview = page.locator("#import-preview")
    expect(preview.get_by_role("row", name="3")).to_contain_text("basile.e2e@import.example")
    expect(preview).to_contain_text("Atelier Navigateur")
    expect(preview).to_contain_text("nouvelle")
    ui.check()
    assert _count(demo_server, "aurore.e2e@import.example") == 0

    page.get_by_role("button", name="Confirmer l’import").click()
    expect(page.locator(".fr-alert--success, .fr-notice, [role=alert]").first).to_contain_text(
        "Import terminé : 2 contacts créés"
    )
    expect(page.locator("#contacts-table")).to_contain_text("Aurore Import-Navigateur")
    ui.check()
    assert _count(demo_server, "aurore.e2e@import.example") == 1
