"""Every page reachable from the demo's navigation, as an anonymous visitor, as the
`editeur` of 4403 and as its `administrateur` (who alone reaches the members page), in
Chromium against the `make demo` server: each is styled, shows no
console error or failed request, and passes axe-core (tests/e2e/browser.py).

The crawl starts from the home page (plus the demo's territory 4403, on a later page of
the home's list, and the login and admin login pages, which the navigation reaches
through a form or a redirect), follows the site's links and visits one
address per page kind (Django view): one fiche stands for all fiches. It reads only: links
that would act (logout is a form, deletions ask for confirmation) are never followed, and
files (documents, calendars, PDFs, the OpenAPI JSON: any answer that is not HTML) are
not pages.
"""

from urllib.parse import urlsplit

import pytest
from django.urls import Resolver404, resolve

from .browser import same_origin_links

# The demo's territory right after the home page: among the 148 territories of 2019, its
# row is on a later page of the home's list, whose first page leads to a territory without
# fiches, meetings or money.
START = ["/", "/territoires/4403/", "/compte/connexion/", "/admin/login/"]
# Addresses that are not HTML pages of the site.
NOT_PAGES = ("/static/", "/media/", "/api/v1/openapi.json")
NOT_PAGE_VIEWS = {
    "plans:document_download",
    "meetings:ics",
    "meetings:feed",
    "dashboards:csv",
    "territories:stage_document",
}
LIMIT = 75

# Page kinds each visitor must have reached (with their view's name).
REQUIRED = {
    "anonymous": {
        "home:index",
        "territories:detail",  # the plan of a territory
        "plans:sheet_detail",
        "directory:index",
        "meetings:list",
        "meetings:detail",  # the public page of a public meeting
        "meetings:register",
        "catalogue:index",  # the public catalogue of actions
        "bilan:national",  # the public bilan
        "bilan:region",
        "dashboards:national",  # the public version of the dashboards
        "dashboards:region",
        "dashboards:territory",
        "dashboards:sheets",  # the list behind a figure
        "accounts:login",
        "accounts:password_reset",
        "api-v1:openapi-view",
        "admin:login",
        # The footer's public-service pages.
        "site:sitemap",
        "site:accessibility",
        "site:legal_notice",
        "site:personal_data",
    },
    "editeur": {
        "home:index",
        "territories:detail",
        "plans:sheet_detail",
        "plans:sheet_edit",
        "plans:sheet_create",
        "directory:index",
        "meetings:list",
        "meetings:detail",
        "meetings:create",
        "meetings:edit",
        "meetings:checkin",
        "meetings:qr_codes",
        "meetings:report",
        "meetings:needs",
        "meetings:invitations",  # the organisers' invitations and answers
        "contacts:index",  # the territory's company contacts
        "contacts:add",
        "contacts:import",  # the CSV import and its preview
        "contacts:list_create",
        "funding:sheet",  # a fiche's financing plan and its suggestions
        "funding:territory",  # the money of the territory
        "funding:region",  # and of its Région
        "funding:catalogue",  # the catalogue of schemes
        "funding:alerts",  # the user's saved searches
        "accounts:profile",
        "accounts:login",
        "api-v1:openapi-view",
        "admin:login",
        "workspace:index",  # Mon espace, where a signed-in person lands
        "workspace:queue",  # the fiches awaiting validation
        "workspace:settings",
    },
    "administrateur": {
        "home:index",
        "territories:detail",
        "plans:sheet_detail",
        "directory:index",
        "accounts:territory_members",
        "accounts:profile",
    },
}


def page_kind(path):
    """The name of the view that serves `path`, or None when it is not a page of ours."""
    if path.startswith(NOT_PAGES):
        return None
    try:
        match = resolve(urlsplit(path).path)
    except Resolver404:
        return None
    return None if match.view_name in NOT_PAGE_VIEWS else match.view_name


def is_html(ui, url):
    """Whether `url` answers an HTML page (a calendar or a PDF would start a download)."""
    answer = ui.page.request.get(url, max_redirects=5)
    return answer.headers.get("content-type", "").startswith("text/html")


def crawl(ui, base_url):
    """{view name: path} of every page kind reached, each visited and checked once."""
    seen = {}
    queue = list(START)
    while queue and len(seen) < LIMIT:
        path = queue.pop(0)
        kind = page_kind(path)
        if kind is None or kind in seen:
            continue
        if not is_html(ui, base_url + path):
            continue
        seen[kind] = path
        response = ui.goto(path)
        assert response.status == 200, f"{path} : réponse {response.status}"
        if kind == "api-v1:openapi-view":
            ui.page.locator(".opblock").first.wait_for()
            ui.check()
        for url in same_origin_links(ui.page, base_url):
            queue.append(url[len(base_url) :] or "/")
    return seen


@pytest.mark.parametrize("account", ["anonymous", "editeur", "administrateur"])
def test_every_page_reachable_from_the_navigation_is_styled_and_accessible(
    demo_server, ui, account
):
    if account != "anonymous":
        ui.login(account)
    seen = crawl(ui, demo_server.url)

    missing = REQUIRED[account] - set(seen)
    assert not missing, f"pages jamais atteintes par la navigation : {sorted(missing)}"
