"""The API refuses the fiche codes the pages cannot serve, with the model's French message
(territoires/plans/codes.py), and writes nothing."""

import pytest

from .test_action_sheets import patch

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("code", "message"),
    [("F1/2", "lettres sans accent"), ("nouvelle", "mot réservé"), ("..", "lettres sans accent")],
)
def test_patch_with_an_unsafe_code_is_422_on_the_code_field(
    api_client, world, editor_a, code, message
):
    response = patch(api_client, world.public_a, editor_a, {"version": 1, "code": code})

    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "validation_error"
    assert message in error["details"]["fields"]["code"][0]
    world.public_a.refresh_from_db()
    assert (world.public_a.code, world.public_a.version) == ("F1", 1)


def test_the_plan_page_still_answers_after_a_refused_code(api_client, world, editor_a, client):
    patch(api_client, world.public_a, editor_a, {"version": 1, "code": "F1/2"})
    assert client.get(f"/territoires/{world.territory_a.code}/").status_code == 200
