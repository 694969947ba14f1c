"""A forgotten password, end to end against the `make demo` server: the form queues the
mail, the task worker started beside gunicorn sends it into the mail folder, its link
opens the form that sets a new password, and the new password logs in. It changes the
password of `operateur`, which no other browser test uses."""

import re

from playwright.sync_api import expect

from .conftest import DEMO_DOMAIN

ACCOUNT = f"operateur@{DEMO_DOMAIN}"
NEW_PASSWORD = "Nouveau-mot-de-passe-2026"


def test_forgotten_password_mail_sent_by_the_worker_leads_to_a_new_password(demo_server, ui):
    page = ui.page
    ui.goto("/compte/connexion/")
    page.get_by_role("link", name=re.compile("Mot de passe oublié")).click()
    expect(page.locator("h1")).to_have_text("Mot de passe oublié")
    ui.check()
    page.get_by_label("Adresse électronique").fill(ACCOUNT)
    page.get_by_role("button", name="Recevoir le lien").click()
    expect(page).to_have_url(re.compile(r"/compte/mot-de-passe/oublie/envoye/$"))
    ui.check()

    mail = demo_server.wait_for_mail(ACCOUNT)
    body = mail.get_content()
    [link] = re.findall(r"https?://\S+/compte/mot-de-passe/nouveau/\S+", body)
    assert link.startswith(demo_server.url), link

    ui.goto(link[len(demo_server.url) :])
    expect(page.locator("h1")).to_have_text("Choisir un nouveau mot de passe")
    page.locator("input[name=new_password1]").fill(NEW_PASSWORD)
    page.locator("input[name=new_password2]").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Enregistrer le mot de passe").click()
    expect(page).to_have_url(re.compile(r"/compte/mot-de-passe/nouveau/termine/$"))
    ui.check()

    ui.goto("/compte/connexion/")
    page.get_by_label("Adresse électronique").fill(ACCOUNT)
    page.get_by_label("Mot de passe").fill(NEW_PASSWORD)
    page.locator("main").get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("button", name="Se déconnecter")).to_be_visible()
    ui.check()
