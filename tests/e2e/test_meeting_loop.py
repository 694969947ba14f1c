"""The whole loop of a meeting with manufacturers, in Chromium against the `make demo`
server, on the demo's example workshop still to come (its fiches F8, F9, F12): a visitor
registers on the public page, the worker sends the confirmation (text, HTML, .ics) with
the personal link; the organiser prints the fiches' QR codes; a company opens F8's link
without an account and gives its feedback with an oubli; the organiser's synthesis shows
it, and the oubli becomes a draft fiche in one click. Every page passes the shared
browser checks (style, console, axe-core)."""

import re

from playwright.sync_api import expect

EMAIL = "claude.boucle@usine.example"
WORKSHOP = "Atelier d'exemple : les besoins en recrutement des industriels"


def test_registration_confirmation_feedback_synthesis_and_oubli(demo_server, ui):
    page = ui.page

    # A visitor registers from the territory's meetings.
    ui.goto("/territoires/4403/rencontres/")
    page.get_by_role("link", name=WORKSHOP).click()
    expect(page.locator("h1")).to_have_text(WORKSHOP)
    ui.check()
    meeting_path = page.url[len(demo_server.url) :]
    page.get_by_role("link", name="S’inscrire").click()
    ui.check()
    page.locator("#id_first_name").fill("Claude")
    page.locator("#id_last_name").fill("Boucle")
    page.locator("#id_email").fill(EMAIL)
    page.locator("#id_organisation_name").fill("Usine de la Boucle")
    page.get_by_role("button", name="M’inscrire").click()
    expect(page.locator("h1")).to_have_text("Merci, votre demande d’inscription est enregistrée")
    ui.check()

    # The worker sends the confirmation, with the .ics and the personal link.
    mail = demo_server.wait_for_mail(EMAIL)
    assert re.match(
        r"(Inscription confirmée|Liste d.attente) : Atelier d.exemple", mail["Subject"].strip()
    )
    text = mail.get_body(preferencelist=("plain",)).get_content()
    html = mail.get_body(preferencelist=("html",)).get_content()
    assert "Voir ou annuler mon inscription" in html
    assert [part.get_filename() for part in mail.iter_attachments()] == ["rencontre.ics"]
    [link] = re.findall(r"https?://\S+/rencontres/inscription/\S+/", text)
    ui.goto(link[len(demo_server.url) :])
    expect(page.locator("#registration-status")).to_have_text(re.compile("Inscrit|Liste d"))
    ui.check()

    # The organiser prints the QR codes; F8's link is read under its code.
    ui.login("editeur")
    ui.goto(meeting_path)
    page.get_by_role("link", name="QR codes des fiches").click()
    ui.check()
    card = page.locator(".ti-qr-card").filter(has_text="F8 ")
    expect(card.locator("svg")).to_be_visible()
    feedback_url = card.locator(".ti-break").inner_text().strip()
    assert "/rencontres/avis/" in feedback_url
    page.get_by_role("button", name="Se déconnecter").click()
    page.get_by_role("link", name="Se connecter").wait_for()
    ui.check()  # the home page the logout leads to

    # A company answers on its phone, without an account.
    ui.goto(feedback_url[len(demo_server.url) :])
    expect(page.locator("h1")).to_have_text("Votre avis sur la fiche F8")
    ui.check()
    # DSFR draws the radios and boxes on their labels: a person clicks the label.
    for label in ("Prêt à s'engager", "Formation", "Accueil d'apprentis"):
        page.locator("label.fr-label", has_text=re.compile(f"^{label}$")).click()
    expect(page.get_by_label("Prêt à s'engager")).to_be_checked()
    page.locator("#id_forgotten_topic").fill(
        "Un groupement d'employeurs pour les métiers de la maintenance"
    )
    page.locator("#id_first_name").fill("Claude")
    page.locator("#id_last_name").fill("Boucle")
    page.locator("#id_email").fill(EMAIL)
    page.locator("#id_organisation_name").fill("Usine de la Boucle")
    page.get_by_role("button", name="Envoyer mon avis").click()
    expect(page.locator("h1")).to_have_text("Merci, votre avis est enregistré")
    ui.check()

    # The organiser's synthesis shows it; the oubli becomes a draft fiche.
    ui.login("editeur")
    ui.goto(meeting_path)
    row = page.locator("#feedback-synthesis tr[data-sheet='F8']")
    expect(row).to_contain_text("Prêt à s'engager : 1")
    expect(row).to_contain_text("Usine de la Boucle (Accueil d'apprentis)")
    expect(row).to_contain_text("Formation : 1")
    ui.check()
    oubli = page.locator("[data-oubli]").filter(has_text="groupement d'employeurs")
    oubli.get_by_label("Axe de la nouvelle fiche").select_option(label="Recruter")
    oubli.get_by_role("button", name="Créer une fiche brouillon").click()
    expect(page.locator("h1")).to_contain_text("groupement d'employeurs")
    expect(page.locator("main")).to_contain_text("Brouillon")
    expect(page.locator("main")).to_contain_text(
        "Oubli signalé par Claude Boucle (Usine de la Boucle)"
    )
    ui.check()
