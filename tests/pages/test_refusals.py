"""A page that needs an account sends an anonymous visitor to the login page with `next`;
a signed-in user who may not open it gets the 403 page."""

import pytest
from django.urls import reverse

from ..factories import ActionSheetFactory

pytestmark = pytest.mark.django_db

PASSWORD = "mot-de-passe-solide-42"  # tests.factories.UserFactory


def edit_url(sheet):
    return reverse("plans:sheet_edit", args=[sheet.territory.code, sheet.code])


def test_anonymous_visitor_is_sent_to_login_then_back(territory, editor, login):
    sheet = ActionSheetFactory(territory=territory, code="F1")
    client = login()

    response = client.get(edit_url(sheet) + "?onglet=1")

    assert response.status_code == 302
    assert response["Location"] == f"/compte/connexion/?next={edit_url(sheet)}%3Fonglet%3D1"
    response = client.post(response["Location"], {"username": editor.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == edit_url(sheet) + "?onglet=1"
    assert client.get(response["Location"]).status_code == 200


def test_signed_in_user_who_may_not_gets_the_403_page(territory, reader, login):
    sheet = ActionSheetFactory(territory=territory, code="F1")

    response = login(reader).get(edit_url(sheet))

    assert response.status_code == 403
    assert "Accès refusé" in response.content.decode()


def test_a_refused_form_comes_back_to_the_page_it_was_sent_from(territory, login):
    sheet = ActionSheetFactory(territory=territory, code="F1")
    detail = reverse("plans:sheet_detail", args=[territory.code, sheet.code])
    status_url = reverse("plans:sheet_status", args=[territory.code, sheet.code])

    from_page = login().post(
        status_url, {"target": "validated"}, headers={"referer": f"http://testserver{detail}"}
    )
    from_elsewhere = login().post(
        status_url, {"target": "validated"}, headers={"referer": "https://ailleurs.example/x"}
    )

    assert from_page["Location"] == f"/compte/connexion/?next={detail}"
    assert from_elsewhere["Location"] == f"/compte/connexion/?next={status_url}"
