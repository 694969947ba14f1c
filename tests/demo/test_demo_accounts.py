"""Each demo account, logged in on the demo data, can do exactly what its role allows.

The full rules are proven on every page by tests/permission_matrix/; this test ties the
printed demo accounts to those rules, on the pages a newcomer would try first."""

from io import StringIO
from urllib.parse import unquote

import pytest
from django.core.management import call_command

from territoires.demo import content

pytestmark = pytest.mark.django_db

DOMAIN = "@demo.territoires-industrie.fr"

# Pages tried by every account (4412 F3 is a restricted example fiche of the other
# territory; F10 of 4403 is piloted by the demo contributor).
PAGES = {
    "other_restricted_fiche": "/territoires/4412/fiches/F3/",
    "edit_f2_1": "/territoires/4403/fiches/F2.1/modifier/",
    "edit_piloted_f10": "/territoires/4403/fiches/F10/modifier/",
    "members_4403": "/territoires/4403/membres/",
    "edit_4412_f1": "/territoires/4412/fiches/F1/modifier/",
}

# account → expected HTTP status per page, in the order of PAGES.
EXPECTED = {
    "lecteur": (404, 403, 403, 403, 403),
    "contributeur": (404, 403, 200, 403, 403),
    "editeur": (404, 200, 200, 403, 403),
    "administrateur": (404, 200, 200, 200, 403),
    "region": (200, 403, 403, 403, 403),
    "etat": (404, 403, 403, 403, 403),
    "operateur": (200, 403, 403, 403, 403),
    "national": (200, 200, 200, 200, 200),
    "editeur.troyes": (200, 403, 403, 403, 200),
}


@pytest.fixture
def demo_client(client):
    call_command("load_demo", stdout=StringIO())
    return client


def test_every_demo_account_is_covered(demo_client):
    from territoires.accounts.models import User

    emails = set(User.objects.filter(email__endswith=DOMAIN).values_list("email", flat=True))
    assert emails == {account + DOMAIN for account in EXPECTED}


@pytest.mark.parametrize("account", EXPECTED)
def test_demo_account_does_exactly_what_its_role_allows(demo_client, account):
    login = demo_client.post(
        "/compte/connexion/",
        {"username": account + DOMAIN, "password": content.DEMO_PASSWORD},
    )
    assert login.status_code == 302, "the printed demo password opens the account"
    got = tuple(demo_client.get(url).status_code for url in PAGES.values())
    assert dict(zip(PAGES, got, strict=True)) == dict(zip(PAGES, EXPECTED[account], strict=True))


def test_anonymous_visitor_of_the_demo_sees_the_public_plan_only(demo_client):
    plan = demo_client.get("/territoires/4403/").content.decode()
    assert "Mobilité" in plan
    assert demo_client.get(PAGES["other_restricted_fiche"]).status_code == 404
    edit = demo_client.get(PAGES["edit_f2_1"])
    assert edit.status_code == 302
    assert edit["Location"].startswith("/compte/connexion/?next=")
    assert PAGES["edit_f2_1"] in unquote(edit["Location"])
