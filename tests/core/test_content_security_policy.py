"""Every page is served with a Content-Security-Policy that allows no inline code
('unsafe-inline' nowhere), and the pages hold to it: no inline script, style, style
attribute or event handler attribute, unless it carries the request's nonce.
The browser side (no violation reported by Chromium) is held by tests/e2e/browser.py."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from territoires.permissions.visibility import Visibility

from ..factories import ActionSheetFactory

pytestmark = pytest.mark.django_db


def _policy(response):
    header = response["Content-Security-Policy"]
    return {
        name: values
        for name, *values in (part.split() for part in header.split(";") if part.strip())
    }


class InlineCode(HTMLParser):
    """Collects what a strict CSP would refuse in a page."""

    def __init__(self, nonce):
        super().__init__()
        self.nonce = nonce
        self.found = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        nonced = self.nonce and attributes.get("nonce") == self.nonce
        data_block = attributes.get("type") in ("application/json", "application/ld+json")
        if tag == "script" and not attributes.get("src") and not nonced and not data_block:
            self.found.append(f"<script> inline: {attrs}")
        if tag == "style" and not nonced:
            self.found.append("<style> inline")
        for name, _ in attrs:
            if name == "style" or name.startswith("on"):
                self.found.append(f"attribut {name} sur <{tag}>")


@pytest.fixture
def pages(territory, editor):
    sheet = ActionSheetFactory(territory=territory, code="F1", visibility=Visibility.RESTRICTED)
    return {
        "anonymous": [
            reverse("home:index"),
            reverse("accounts:login"),
            reverse("accounts:password_reset"),
            reverse("territories:detail", kwargs={"territory_code": territory.code}),
            "/api/v1/docs",
            # SVG charts and maps: presentation attributes, no style attribute.
            reverse("dashboards:national"),
        ],
        "editor": [
            reverse("territories:detail", kwargs={"territory_code": territory.code}),
            sheet.get_absolute_url(),
            reverse("plans:sheet_edit", args=[territory.code, sheet.code]),
            reverse("accounts:profile"),
            "/api/v1/docs",
            reverse("dashboards:territory", args=[territory.code]),
        ],
    }


def test_every_page_forbids_inline_code_framing_and_plugins(pages, editor, login):
    for who, urls in pages.items():
        client = login(editor if who == "editor" else None)
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            policy = _policy(response)
            header = response["Content-Security-Policy"]
            assert "'unsafe-inline'" not in header and "'unsafe-eval'" not in header, url
            assert policy["default-src"] == ["'self'"], url
            assert policy["script-src"][0] == "'self'", url
            assert policy["frame-ancestors"] == ["'none'"], url
            assert policy["object-src"] == ["'none'"], url


def test_pages_hold_no_inline_code_without_the_nonce(pages, editor, login):
    for who, urls in pages.items():
        client = login(editor if who == "editor" else None)
        for url in urls:
            response = client.get(url)
            nonces = [
                value[len("'nonce-") : -1]
                for value in _policy(response).get("script-src", [])
                if value.startswith("'nonce-")
            ]
            parser = InlineCode(nonces[0] if nonces else None)
            parser.feed(response.content.decode())
            assert parser.found == [], (url, parser.found)
