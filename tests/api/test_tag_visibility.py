"""A tag that exists only on fiches the caller cannot see answers exactly like a tag that
does not exist: in the API's filters and writes, its error messages, the fiche form and the
suggestions (`plans.services.visible_tags`). The fiche form: tests/plans/test_views_form.py."""

import json

import pytest
from django.utils import timezone

from territoires.plans.models import ActionSheet, Tag
from territoires.plans.services import visible_tags

from ..factories import ActionSheetFactory

pytestmark = pytest.mark.django_db

SECRET = "Fermeture Site Lorient"  # only on territory B's restricted fiche


@pytest.fixture
def secret_tag(world):
    tag = Tag.objects.create(name=SECRET)
    world.restricted_b.tags.add(tag)
    return tag


def _patch(api_client, headers, sheet, tags):
    return api_client.patch(
        f"/api/v1/action-sheets/{sheet.pk}/",
        json.dumps({"version": sheet.version, "tags": tags}),
        content_type="application/json",
        **headers,
    )


def _list(api_client, headers, **params):
    response = api_client.get("/api/v1/action-sheets/", params, **headers)
    assert response.status_code == 200
    return response.json()


def test_list_filter_on_an_invisible_tag_answers_like_an_unknown_tag(
    api_client, as_user, world, reader_a, secret_tag
):
    headers = as_user(reader_a)

    secret = _list(api_client, headers, tag=SECRET)
    unknown = _list(api_client, headers, tag="Mot-clé que personne n'a jamais écrit")

    assert secret == unknown
    assert secret["count"] == 0


def test_list_filter_on_a_visible_tag_gives_its_visible_fiches_ignoring_case(
    api_client, as_user, world, reader_a
):
    world.restricted_a.tags.add(Tag.objects.create(name="Foncier"))
    world.restricted_b.tags.add(Tag.objects.get(name="Foncier"))

    body = _list(api_client, as_user(reader_a), tag="foncier")

    assert [item["id"] for item in body["items"]] == [world.restricted_a.pk]


def test_patch_with_an_invisible_tag_answers_like_a_new_tag(
    api_client, as_user, world, editor_a, secret_tag
):
    headers = as_user(editor_a)
    other = ActionSheetFactory(territory=world.territory_a, code="F3")

    secret = _patch(api_client, headers, world.public_a, [SECRET.lower()])
    unknown = _patch(api_client, headers, other, ["fermeture site chaumont"])

    assert secret.status_code == unknown.status_code == 200
    # The spelling sent is kept: the hidden tag's capitals are not revealed.
    assert secret.json()["tags"] == [SECRET.lower()]
    assert unknown.json()["tags"] == ["fermeture site chaumont"]


def test_patch_reuses_a_visible_tag_whatever_the_case(api_client, as_user, world, editor_a):
    world.public_b.tags.add(Tag.objects.create(name="Industrie du Futur"))

    response = _patch(api_client, as_user(editor_a), world.public_a, ["industrie du futur"])

    assert response.status_code == 200
    assert response.json()["tags"] == ["Industrie du Futur"]
    assert Tag.objects.filter(name__iexact="industrie du futur").count() == 1


def test_patch_refuses_a_too_long_tag_in_french_and_writes_nothing(
    api_client, as_user, world, editor_a
):
    response = _patch(api_client, as_user(editor_a), world.public_a, ["x" * 61, "neuf"])

    assert response.status_code == 422
    assert "60 caractères" in " ".join(response.json()["error"]["details"]["fields"]["tags"])
    assert not Tag.objects.filter(name="neuf").exists()


def test_suggestions_list_only_the_tags_of_fiches_the_user_can_see(world, reader_a, secret_tag):
    world.public_b.tags.add(Tag.objects.create(name="Mer"))
    world.restricted_a.tags.add(Tag.objects.create(name="Foncier"))
    deleted = ActionSheetFactory(territory=world.territory_a, code="F9")
    deleted.tags.add(Tag.objects.create(name="Supprimé"))
    ActionSheet.objects.filter(pk=deleted.pk).update(deleted_at=timezone.now())
    Tag.objects.create(name="Orphelin")

    assert sorted(visible_tags(reader_a).values_list("name", flat=True)) == ["Foncier", "Mer"]
    assert sorted(visible_tags(None).values_list("name", flat=True)) == ["Mer"]
