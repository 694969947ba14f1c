"""An invitation in a real browser: the editor adds a contact, records their consent,
invites them to the demo's upcoming workshop; the worker sends the email; the person opens
their personal link, sees the meeting and answers "Je viens"; the organisers' page shows
the answer. The address is this test's own."""

import re

from playwright.sync_api import expect

EMAIL = "invitee.e2e@invitation.example"
LINK = re.compile(r"https?://[^/\s]+(/rencontres/invitation/[^/\s]+/)")


def test_invite_a_contact_who_answers_yes(demo_server, ui):
    [(meeting_id,)] = demo_server.query(
        "SELECT m.id FROM meetings_meeting m JOIN referential_territory t ON t.id ="
        " m.territory_id WHERE t.code = '4403' AND m.is_example AND m.status = 'planned'"
    )
    page = ui.page
    ui.login("editeur")
    ui.goto("/territoires/4403/contacts/ajouter/")
    form = page.locator("#contact-form")
    form.get_by_label("Prénom").fill("Iris")
    form.get_by_label("Nom", exact=True).fill("Invitée-Navigateur")
    form.get_by_label("Courriel").fill(EMAIL)
    form.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Iris Invitée-Navigateur")
    ui.check()

    consent = page.locator("#consent-form")
    consent.get_by_label("Finalité").select_option(label="Invitations aux rencontres du territoire")
    consent.get_by_label("Consentement").select_option(label="Donné")
    consent.get_by_label("Date").fill("2026-11-26")
    consent.get_by_label("Recueilli").select_option(label="Par courriel")
    consent.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_text("Consentement enregistré.")).to_be_visible()
    ui.check()

    ui.goto(f"/territoires/4403/rencontres/{meeting_id}/invitations/")
    # A DSFR checkbox is ticked through its label, as a person does.
    page.locator("#invite-form label", has_text="Iris Invitée-Navigateur").click()
    expect(page.locator("#invite-form").get_by_label("Iris Invitée-Navigateur")).to_be_checked()
    page.get_by_role("button", name="Envoyer les invitations").click()
    expect(page.get_by_text("1 invitation en cours d'envoi.")).to_be_visible()
    ui.check()

    message = demo_server.wait_for_mail(EMAIL)
    assert message["Subject"].startswith("Invitation : Atelier d'exemple")
    text = message.get_body(preferencelist=("plain",)).get_content()
    path = LINK.search(text).group(1)

    ui.goto(path)
    expect(page.get_by_text("Bonjour Iris Invitée-Navigateur")).to_be_visible()
    expect(page.locator("#invitation-answer")).to_contain_text("Vous n’avez pas encore répondu")
    page.get_by_role("button", name="Je viens", exact=True).click()
    expect(page.locator("#invitation-answer")).to_contain_text("Vous avez répondu : je viens")
    ui.check()

    ui.goto(f"/territoires/4403/rencontres/{meeting_id}/invitations/")
    row = page.locator("#invitations-table").get_by_role(
        "row", name=re.compile("Invitée-Navigateur")
    )
    expect(row).to_contain_text("Vient")
    expect(row).to_contain_text(EMAIL)
