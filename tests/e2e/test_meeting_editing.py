"""An organiser edits a meeting's agenda and its compte rendu's follow-ups in Chromium,
against the `make demo` server, with plain forms and buttons: on the demo's 15 July 2019
After Work at Nogent, an item is added, moved up and removed (the agenda ends as it
was), and a decision with its owner and due date is added and read in the compte rendu.
Every page passes the shared browser checks (style, console, axe-core)."""

import re

from playwright.sync_api import expect

ITEM = "Point ajouté par le navigateur"
DECISION = "Décision notée par le navigateur"


def test_an_organiser_edits_the_agenda_and_the_follow_ups(demo_server, ui):
    page = ui.page
    [(meeting_id,)] = demo_server.query(
        "SELECT m.id FROM meetings_meeting m JOIN referential_territory t"
        " ON t.id = m.territory_id WHERE t.code = '4403' AND m.date = '2019-07-15'"
    )
    meeting_path = f"/territoires/4403/rencontres/{meeting_id}/"
    ui.login("editeur")
    ui.goto(meeting_path)
    page.get_by_role("link", name="Modifier l’ordre du jour").click()
    ui.check()
    rows = page.locator("#agenda-items tbody tr")
    before = rows.count()

    page.get_by_role("link", name="Ajouter un point").click()
    ui.check()
    page.locator("#id_title").fill(ITEM)
    page.locator("#id_duration_minutes").fill("10")
    page.get_by_role("button", name="Enregistrer").click()
    expect(rows).to_have_count(before + 1)
    expect(rows.last).to_contain_text(ITEM)
    ui.check()

    rows.last.get_by_role("button", name=re.compile("^Monter")).click()
    expect(rows.nth(before - 1)).to_contain_text(ITEM)
    ui.check()
    rows.filter(has_text=ITEM).get_by_role("button", name=re.compile("^Retirer")).click()
    expect(rows).to_have_count(before)
    expect(page.locator("#agenda-items")).not_to_contain_text(ITEM)
    expect(page.locator("main")).to_contain_text(f"Le point « {ITEM} » a été retiré")
    ui.check()

    ui.goto(meeting_path + "compte-rendu/")
    page.get_by_role("link", name="Décisions et échéances").click()
    ui.check()
    page.locator("#id_text").fill(DECISION)
    page.locator("#id_owner").select_option(index=1)
    page.locator("#id_due_date").fill("2019-10-01")
    page.get_by_role("button", name="Ajouter").click()
    expect(page.locator("#follow-ups")).to_contain_text(DECISION)
    expect(page.locator("#follow-ups")).to_contain_text("01/10/2019")
    ui.check()
    page.get_by_role("button", name=re.compile("^Marquer comme faite")).click()
    expect(page.locator("#follow-ups")).to_contain_text("Fait")
    ui.check()
    ui.goto(meeting_path + "compte-rendu/")
    expect(page.locator("#report-follow-ups")).to_contain_text(DECISION)
