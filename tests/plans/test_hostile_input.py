"""Hostile input to the plan pages and services: a French 4xx or a form error, never a
500, on SQLite and PostgreSQL (issue 5 §2). The API's side: tests/api/test_hostile_input.py."""

import pytest
from django.core.exceptions import ValidationError

from territoires.plans import services
from territoires.plans.models import LONG_TEXT, ActionSheet

from ..factories import ActionSheetFactory
from .test_views_form import create_url, edit_data, edit_url, form_data, upload

pytestmark = pytest.mark.django_db

BIG_ID = 2**63


# NUL characters: refused before anything reads them ------------------------------------


@pytest.mark.parametrize("query", ["?q=foncier%00", "?axis=%00", "?status=draft%00", "?%00=1"])
def test_a_nul_character_in_the_query_string_of_the_plan_is_400(territory, login, reader, query):
    response = login(reader).get(f"/territoires/{territory.code}/{query}")
    assert response.status_code == 400
    assert "caractère nul" in response.content.decode()
    assert "<h1>Requête incorrecte</h1>" in response.content.decode()


def test_a_nul_character_in_an_address_is_400(territory, login, reader):
    assert login(reader).get(f"/territoires/{territory.code}/fiches/F%001/").status_code == 400
    assert login(reader).get("/territoires/44%0003/").status_code == 400


@pytest.mark.parametrize("field", ["title", "context", "tags_text", "steps-0-title"])
def test_a_nul_character_in_a_form_field_is_400_and_writes_nothing(
    territory, axes, login, editor, field
):
    data = form_data(axes["recruter"])
    data[field] = f"{data[field]}\x00"
    response = login(editor).post(create_url(territory), data)
    assert response.status_code == 400
    assert not ActionSheet.objects.exists()


# Ids that no column holds ----------------------------------------------------------------


@pytest.mark.parametrize(
    "field, value",
    [("pilots", [BIG_ID]), ("partners", [BIG_ID]), ("axis", BIG_ID)],
)
def test_an_id_beyond_64_bits_in_a_choice_is_a_form_error(
    territory, axes, login, editor, field, value
):
    ActionSheetFactory(territory=territory, code="F1")  # so that related fiches are offered
    data = form_data(axes["recruter"], **{field: value})
    response = login(editor).post(create_url(territory), data)
    assert response.status_code == 200
    assert f'id="id_{field}-desc-error"' in response.content.decode()
    assert not ActionSheet.objects.filter(code="F9").exists()


def test_an_id_beyond_64_bits_among_the_related_fiches_is_refused(territory, axes, login, editor):
    # (The form page does not show this field yet: the error is in the form, not on a field.)
    ActionSheetFactory(territory=territory, code="F1")
    data = form_data(axes["recruter"], related_sheets=[BIG_ID])
    response = login(editor).post(create_url(territory), data)
    assert response.status_code == 200
    assert "related_sheets" in response.context["form"].errors
    assert not ActionSheet.objects.filter(code="F9").exists()


# What the form takes, and no more --------------------------------------------------------


def test_a_title_of_spaces_is_refused_by_the_service(territory, editor):
    with pytest.raises(ValidationError) as caught:
        services.create_sheet(
            territory,
            acting_user=editor,
            fields={"code": "F1", "title": "   ", "axis": territory.programme.axes.first()},
        )
    assert "title" in caught.value.message_dict


def test_a_step_of_spaces_is_refused_by_the_service(territory, editor):
    sheet = ActionSheetFactory(territory=territory)
    with pytest.raises(ValidationError) as caught:
        services.update_sheet(
            sheet,
            acting_user=editor,
            expected_version=sheet.version,
            children={"steps": [{"title": "Réunir"}, {"title": "  "}]},
        )
    assert caught.value.message_dict["steps"][0].startswith("Ligne 2, étape :")
    assert not sheet.steps.exists()


def test_more_rows_than_the_spec_allows_are_refused_by_the_form(territory, login, editor):
    sheet = ActionSheetFactory(territory=territory)
    rows = {f"steps-{i}-title": f"Étape {i}" for i in range(101)}
    data = edit_data(sheet, **{"steps-TOTAL_FORMS": "101", **rows})
    response = login(editor).post(edit_url(sheet), data)
    assert response.status_code == 200
    assert "au plus 100" in response.content.decode()
    assert not sheet.steps.exists()


def test_more_rows_than_the_spec_allows_are_refused_by_the_service(territory, editor):
    sheet = ActionSheetFactory(territory=territory)
    with pytest.raises(ValidationError) as caught:
        services.update_sheet(
            sheet,
            acting_user=editor,
            expected_version=sheet.version,
            children={"links": [{"title": "x", "url": "https://a.fr"}] * 51},
        )
    assert caught.value.message_dict["links"] == ["Au plus 50 liens par fiche (ici 51)."]


def test_a_long_text_over_the_limit_is_a_form_error(territory, axes, login, editor):
    data = form_data(axes["recruter"], context="x" * (LONG_TEXT + 1))
    response = login(editor).post(create_url(territory), data)
    assert response.status_code == 200
    assert 'id="id_context-desc-error"' in response.content.decode()
    assert not ActionSheet.objects.exists()


def test_a_300_character_file_name_is_trimmed_to_fit(territory, login, editor):
    sheet = ActionSheetFactory(territory=territory)
    name = "r" * 296 + ".pdf"
    response = upload(login(editor), sheet, name, b"%PDF-1.4")
    assert response.status_code == 302
    document = sheet.documents.get()
    assert len(document.title) <= 200 and document.title.startswith("rrr")
    assert len(document.file.name) <= 100 and document.file.name.endswith(".pdf")


def test_more_tags_than_the_spec_allows_are_refused_before_any_is_created(territory, editor):
    from territoires.plans.models import Tag

    with pytest.raises(ValidationError) as caught:
        services.clean_tag_names([f"mot {i}" for i in range(31)])
    assert caught.value.message_dict["tags"] == ["Au plus 30 mots-clés par fiche (ici 31)."]
    assert not Tag.objects.exists()


def test_more_tags_than_the_spec_allows_are_a_form_error(territory, axes, login, editor):
    data = form_data(axes["recruter"], tags_text=",".join(f"m{i}" for i in range(31)))
    response = login(editor).post(create_url(territory), data)
    assert response.status_code == 200
    assert "Au plus 30 mots-clés par fiche (ici 31)." in response.content.decode()
    assert not ActionSheet.objects.exists()
