"""The pages a French public service must have, linked from the footer, and the DSFR
error pages (400, 403, CSRF failure, 404, 410 for a deleted fiche)."""

import pytest
from django.test import Client
from django.urls import reverse

from territoires.plans import services
from territoires.plans.models import ActionSheet

from ..factories import ActionSheetFactory

pytestmark = pytest.mark.django_db

FOOTER_PAGES = {
    "site:sitemap": "Plan du site",
    "site:accessibility": "Déclaration d’accessibilité",
    "site:legal_notice": "Mentions légales",
    "site:personal_data": "Données personnelles",
}


def test_footer_links_every_public_service_page(client):
    html = client.get(reverse("home:index")).content.decode()

    footer = html[html.index('<footer class="fr-footer"') :]
    for name in FOOTER_PAGES:
        assert f'href="{reverse(name)}"' in footer
    assert "Accessibilité : non conforme" in footer


@pytest.mark.parametrize(("name", "heading"), FOOTER_PAGES.items())
def test_public_service_page_is_open_to_everyone(client, name, heading):
    response = client.get(reverse(name))

    assert response.status_code == 200
    assert f"<h1>{heading}</h1>" in response.content.decode()


def test_accessibility_statement_is_honest_about_conformance(client):
    html = client.get(reverse("site:accessibility")).content.decode()

    assert 'data-conformance="non-conforme"' in html
    assert "est non conforme</strong>" in html
    assert "axe-core" in html and "vérifications manuelles" in html
    assert "Défenseur des droits" in html


def test_legal_pages_show_the_operators_settings(client, settings):
    settings.PLATFORM_OPERATOR = "Agence nationale de la cohésion des territoires"
    settings.PLATFORM_CONTACT_EMAIL = "contact@exemple.gouv.fr"
    settings.PLATFORM_HOST = "Hébergeur SAS, 1 rue de l'Exemple, Paris"

    legal = client.get(reverse("site:legal_notice")).content.decode()
    data = client.get(reverse("site:personal_data")).content.decode()

    assert "éditée par Agence nationale de la cohésion des territoires" in legal
    assert "Hébergeur SAS" in legal
    assert 'href="mailto:contact@exemple.gouv.fr"' in data


def test_legal_pages_say_what_the_operator_has_not_set(client, settings):
    settings.PLATFORM_OPERATOR = settings.PLATFORM_CONTACT_EMAIL = settings.PLATFORM_HOST = ""

    legal = client.get(reverse("site:legal_notice")).content.decode()

    assert "n’est pas encore renseigné par son exploitant" in legal
    assert "mailto:" not in legal


def test_sitemap_links_the_main_pages(client):
    html = client.get(reverse("site:sitemap")).content.decode()

    for name in ("home:index", "accounts:login", "site:accessibility", "api-v1:openapi-view"):
        assert f'href="{reverse(name)}"' in html


# Error pages ---------------------------------------------------------------------------


def test_unknown_address_is_the_dsfr_404_page(client):
    response = client.get("/nulle-part/")

    assert response.status_code == 404
    html = response.content.decode()
    assert 'data-error-page="404"' in html and "Erreur 404" in html
    assert "<h1>Page non trouvée</h1>" in html and 'class="fr-footer"' in html


def test_refusal_is_the_dsfr_403_page(territory, reader, login):
    sheet = ActionSheetFactory(territory=territory)

    response = login(reader).get(reverse("plans:sheet_edit", args=[territory.code, sheet.code]))

    assert response.status_code == 403
    html = response.content.decode()
    assert 'data-error-page="403"' in html and "Vous ne pouvez pas modifier" in html


def test_csrf_failure_is_a_french_page_inside_the_site():
    client = Client(enforce_csrf_checks=True)

    response = client.post(reverse("accounts:login"), {"username": "a@b.fr", "password": "x"})

    assert response.status_code == 403
    html = response.content.decode()
    assert "<h1>Formulaire expiré</h1>" in html and 'class="fr-footer"' in html


def test_bad_request_is_the_dsfr_400_page(client, settings):
    settings.ALLOWED_HOSTS = ["testserver"]

    response = client.get("/", headers={"host": "intrus.example"})

    assert response.status_code == 400
    html = response.content.decode()
    assert 'data-error-page="400"' in html and "<h1>Requête incorrecte</h1>" in html


# A deleted fiche -----------------------------------------------------------------------


@pytest.fixture
def deleted(territory, editor):
    sheet = ActionSheetFactory(territory=territory, code="F7", title="Friche à requalifier")
    services.delete_sheet(sheet, acting_user=editor)
    return sheet


def test_deleted_fiche_answers_410_with_who_and_restore_to_bin_keepers(
    territory, deleted, editor, login
):
    client = login(editor)
    url = reverse("plans:sheet_detail", args=[territory.code, "F7"])

    response = client.get(url)

    assert response.status_code == 410
    html = response.content.decode()
    assert "a été supprimée le " in html and f" par {editor}." in html
    restore = reverse("plans:sheet_restore", args=[territory.code, "F7"])
    assert f'action="{restore}"' in html
    assert client.post(restore).status_code == 302
    assert ActionSheet.objects.get(pk=deleted.pk).deleted_at is None
    assert client.get(url).status_code == 200


@pytest.mark.parametrize("who", ["reader", "contributor", None])
def test_deleted_fiche_is_a_plain_404_to_others(request, territory, deleted, login, who):
    user = request.getfixturevalue(who) if who else None

    response = login(user).get(reverse("plans:sheet_detail", args=[territory.code, "F7"]))

    assert response.status_code == 404
    assert "Friche à requalifier" not in response.content.decode()
    assert "supprimée" not in response.content.decode()
