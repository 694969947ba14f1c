"""Forms in a real browser: the list of a fiche's partners filters as one types (no
modifier key, core/checklist.js) and a form sent with errors shows their summary on top
with the focus on it (core/form-errors.js). Nothing is saved: the demo stays as found."""

from playwright.sync_api import expect


def test_checklist_filters_and_error_summary_takes_the_focus(demo_server, ui):
    [(code,)] = demo_server.query(
        "SELECT s.code FROM plans_actionsheet s JOIN referential_territory t"
        " ON t.id = s.territory_id WHERE t.code = '4403' AND s.deleted_at IS NULL"
        " ORDER BY s.sort_key LIMIT 1"
    )
    page = ui.page
    ui.login("editeur")
    ui.goto(f"/territoires/4403/fiches/{code}/modifier/")

    partners = page.locator("#id_partners")
    entries = partners.locator(".ti-checklist__items > .fr-fieldset__element")
    total = entries.count()
    filter_box = partners.get_by_label("Filtrer : Partenaires")
    if total >= 6:
        filter_box.fill("zzzz-aucun")
        expect(entries.locator("visible=true")).to_have_count(
            partners.locator("input:checked").count()
        )
        filter_box.fill("")
        expect(entries.locator("visible=true")).to_have_count(total)
    ui.check()

    page.get_by_label("Titre").first.fill("")
    page.locator("#sheet-form").get_by_role("button", name="Enregistrer").click()
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Le formulaire contient 1 erreur")
    ui.check()
