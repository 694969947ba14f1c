"""Nothing shown to a signed-in user may be kept by a browser or a shared cache: every
answer to an authenticated request (session or API token) says
`Cache-Control: private, no-store`. Anonymous public pages are left alone."""

import pytest
from django.urls import reverse

from territoires.accounts.models import ApiToken
from territoires.permissions.visibility import Visibility

from ..factories import ActionSheetFactory

pytestmark = pytest.mark.django_db


def _directives(response):
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part}


@pytest.fixture
def restricted(territory):
    return ActionSheetFactory(territory=territory, code="F1", visibility=Visibility.RESTRICTED)


def test_pages_seen_by_a_signed_in_user_are_private_and_not_stored(
    territory, restricted, reader, login
):
    client = login(reader)
    for url in (
        reverse("territories:detail", kwargs={"territory_code": territory.code}),
        restricted.get_absolute_url(),
        reverse("accounts:profile"),
        reverse("home:index"),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert {"private", "no-store"} <= _directives(response), url


def test_refusals_to_a_signed_in_user_are_not_stored_either(territory, reader, login):
    response = login(reader).get(
        reverse("accounts:territory_members", kwargs={"territory_code": territory.code})
    )

    assert response.status_code == 403
    assert {"private", "no-store"} <= _directives(response)


def test_api_answers_to_a_token_are_private_and_not_stored(territory, restricted, reader, client):
    _, key = ApiToken.issue(reader, "tableur")

    for url in ("/api/v1/action-sheets/", f"/api/v1/action-sheets/{restricted.pk}/"):
        response = client.get(url, HTTP_AUTHORIZATION=f"Bearer {key}")
        assert response.status_code == 200, url
        assert {"private", "no-store"} <= _directives(response), url


def test_a_public_page_for_an_anonymous_visitor_is_not_marked_private(territory, client):
    response = client.get(reverse("territories:detail", kwargs={"territory_code": territory.code}))

    assert response.status_code == 200
    assert "private" not in _directives(response)
