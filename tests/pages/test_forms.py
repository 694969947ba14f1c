"""Forms as people meet them: no "---------" pseudo-choice, people and fiches chosen in a
list of checkboxes (filtered by core/checklist.js, usable without it), blank rows of a
fiche's lists ignored, errors summarised on top of the form (focused by
core/form-errors.js)."""

import re

import pytest
from django.urls import reverse

from territoires.plans.models import Step

from ..factories import ActionSheetFactory, GovernanceRoleFactory, PersonFactory
from ..plans.test_views_form import edit_data

pytestmark = pytest.mark.django_db


def form_pages(territory, sheet):
    code = territory.code
    return [
        reverse("plans:sheet_create", args=[code]),
        reverse("plans:sheet_edit", args=[code, sheet.code]),
        reverse("directory:person_add", args=[code]),
        reverse("directory:partner_add", args=[code]),
        reverse("territories:detail", args=[code]),  # the stage form, for the national team
        reverse("accounts:territory_members", args=[code]),
    ]


def test_no_form_offers_the_dashes_pseudo_choice(territory, national, login):
    sheet = ActionSheetFactory(territory=territory)
    GovernanceRoleFactory(territory=territory, person=PersonFactory())
    client = login(national)

    for url in form_pages(territory, sheet):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "---------" not in response.content.decode(), url


def test_optional_lists_offer_a_real_empty_choice_required_ones_a_prompt(territory, editor, login):
    html = login(editor).get(reverse("plans:sheet_create", args=[territory.code])).content.decode()

    priority = re.search(r'<select name="priority".*?</select>', html, re.S).group(0)
    assert '<option value="" selected>Non renseigné</option>' in priority
    axis = re.search(r'<select name="axis".*?</select>', html, re.S).group(0)
    assert '<option value="" selected disabled hidden>Choisir un axe</option>' in axis


def test_pilots_are_a_filterable_list_of_checkboxes(territory, editor, login):
    for index in range(8):
        person = PersonFactory(first_name="Pilote", last_name=f"Numéro{index}")
        GovernanceRoleFactory(territory=territory, person=person)

    html = login(editor).get(reverse("plans:sheet_create", args=[territory.code])).content.decode()

    pilots = re.search(r'<fieldset[^>]*id="id_pilots".*?</fieldset>', html, re.S).group(0)
    assert "data-filterable" in pilots
    assert pilots.count('type="checkbox" name="pilots"') == 8
    assert "Ctrl" not in html
    assert re.search(r'<script src="/static/core/checklist\.[0-9a-f]+\.js">', html)


def test_blank_rows_are_ignored_and_an_emptied_row_is_removed(territory, editor, login):
    sheet = ActionSheetFactory(territory=territory)
    Step.objects.create(sheet=sheet, title="Réunir les industriels", position=0)
    data = edit_data(
        sheet,
        **{
            "steps-TOTAL_FORMS": "2",
            "steps-INITIAL_FORMS": "1",
            "steps-0-title": "",
            "steps-0-due_on": "",
            "steps-1-title": "",
            "indicators-TOTAL_FORMS": "1",
            "indicators-0-name": "",
            "indicators-0-unit": "",
        },
    )

    response = login(editor).post(
        reverse("plans:sheet_edit", args=[territory.code, sheet.code]), data
    )

    assert response.status_code == 302
    assert not sheet.steps.exists() and not sheet.indicators.exists()


def test_a_row_partly_filled_is_validated(territory, editor, login):
    sheet = ActionSheetFactory(territory=territory)
    data = edit_data(sheet, **{"steps-TOTAL_FORMS": "1", "steps-0-due_on": "2026-12-01"})

    response = login(editor).post(
        reverse("plans:sheet_edit", args=[territory.code, sheet.code]), data
    )

    assert response.status_code != 302  # the form again (the edit page answers 200)
    assert "fr-error-text" in response.content.decode()
    assert not sheet.steps.exists()


def test_rows_show_no_required_mark(territory, editor, login):
    html = login(editor).get(reverse("plans:sheet_create", args=[territory.code])).content.decode()

    assert re.search(r'for="id_steps-0-title">Intitulé&nbsp;\*', html) is None
    assert "Une ligne laissée vide est ignorée" in html


def test_errors_are_summarised_on_top_with_links_to_the_fields(territory, editor, login):
    sheet = ActionSheetFactory(territory=territory)

    response = login(editor).post(
        reverse("plans:sheet_edit", args=[territory.code, sheet.code]),
        edit_data(sheet, title="", axis=""),
    )

    assert response.status_code != 302
    html = response.content.decode()
    summary = re.search(
        r'<div class="fr-alert fr-alert--error[^"]*" tabindex="-1" data-error-summary>.*?</div>',
        html,
        re.S,
    ).group(0)
    assert "Le formulaire contient 2 erreurs" in summary
    assert 'href="#id_title"' in summary and 'href="#id_axis"' in summary
    assert html.index("data-error-summary") < html.index('name="title"')
    assert re.search(r'<script src="/static/core/form-errors\.[0-9a-f]+\.js">', html)


def test_no_page_asks_for_a_modifier_key(territory, editor, login):
    for url in (
        reverse("plans:sheet_create", args=[territory.code]),
        reverse("meetings:create", args=[territory.code]),
    ):
        html = login(editor).get(url).content.decode()
        assert "Ctrl" not in html and "⌘" not in html, url
        assert "<select multiple" not in html and "multiple>" not in html, url
