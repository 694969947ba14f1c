"""End-to-end: the national dashboard of the `make demo` server shows its SVG charts and
maps, styled, without a console error and accessible (every page checked); a count of
the "fiches par statut" figure changes once a fiche changes status; the regional and
territorial dashboards and the list behind a figure open."""

from playwright.sync_api import expect

ACTIVE = ("draft", "proposed", "presented", "validated", "committed", "in_progress")


# The selects whose chosen option is wider than the room the select gives its text.
_CUT_SELECTS = """selects => selects.filter(select => {
  const style = getComputedStyle(select);
  const context = document.createElement("canvas").getContext("2d");
  context.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
  const text = context.measureText(select.options[select.selectedIndex].text).width;
  const room = select.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
  return text > room;
}).map(select => select.name)"""


def _count(page, status):
    cell = page.locator(f"table[data-figure=statuts] tr[data-key={status}] [data-count]")
    return int(cell.inner_text())


def test_the_dashboard_shows_charts_and_maps_and_follows_a_status_change(demo_server, ui):
    page = ui.page
    ui.login("national")
    ui.goto("/tableau-de-bord/")
    expect(page.locator("h1")).to_have_text("Tableau de bord national")
    expect(page.locator("[data-testid=perimeter]")).to_contain_text("Version complète")
    charts = page.locator("svg.ti-chart")
    assert charts.count() >= 3
    expect(charts.first).to_be_visible()
    assert charts.first.bounding_box()["height"] > 20
    expect(page.locator("svg.ti-map").first).to_be_visible()
    assert page.locator("svg.ti-map").first.locator("path").count() > 90
    page.screenshot(path="/tmp/dashboard-national.png", full_page=True)
    # Each filter shows its chosen option whole (« Toutes les régions », not « Toutes les régior »).
    assert page.locator("#dashboard-filters select").evaluate_all(_CUT_SELECTS) == []

    rows = demo_server.query(
        "SELECT s.code, s.status FROM plans_actionsheet s JOIN referential_territory t "
        "ON t.id = s.territory_id WHERE t.code = '4403' AND s.deleted_at IS NULL "
        f"AND s.status IN ({', '.join('?' * len(ACTIVE))}) ORDER BY s.code LIMIT 1",
        ACTIVE,
    )
    code, status = rows[0]
    ui.goto(f"/territoires/4403/fiches/{code}/")
    select = page.locator("#status-form select[name=target]")
    target = next(v for v in select.locator("option").evaluate_all("o => o.map(x => x.value)") if v)
    ui.goto("/tableau-de-bord/")
    after_move, before = _count(page, target), _count(page, status)

    ui.goto(f"/territoires/4403/fiches/{code}/")
    page.locator("#status-form select[name=target]").select_option(target)
    page.locator("#status-form").get_by_role("button", name="Appliquer").click()
    ui.check()

    ui.goto("/tableau-de-bord/")
    assert _count(page, target) == after_move + 1
    assert _count(page, status) == before - 1

    # The list behind the figure holds the fiche.
    page.locator(f"table[data-figure=statuts] tr[data-key={target}] [data-count]").click()
    ui.check()
    expect(page.locator("#dashboard-sheets")).to_contain_text(code)

    # The Région's dashboard and the territory's.
    ui.goto("/tableau-de-bord/regions/44/")
    expect(page.locator("svg.ti-map")).to_have_count(1)
    ui.goto("/territoires/4403/tableau-de-bord/")
    expect(page.locator("svg.ti-chart").first).to_be_visible()
