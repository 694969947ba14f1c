"""Creating and editing a fiche through its form, the stale-edit comparison, documents."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from territoires.audit.readers import history_of
from territoires.organisations.models import Person
from territoires.plans import services
from territoires.plans.models import ActionSheet, Tag, Visibility

from ..factories import (
    ActionSheetFactory,
    GovernanceRoleFactory,
    OrganisationFactory,
    PartnershipFactory,
    PersonFactory,
)

pytestmark = pytest.mark.django_db


def form_data(chosen_axis, /, **overrides):
    data = {
        "code": "F9",
        "title": "Offre de formation maintenance industrielle",
        "axis": chosen_axis.pk,
        "visibility": Visibility.RESTRICTED,
        "priority": "",
        "context": "Les entreprises ne trouvent pas de techniciens de maintenance.",
        "objectives": "Ouvrir une formation en alternance.",
        "tags_text": "formation, apprentissage, Formation",
        "start_date": "2019-09-09",
        "end_date": "",
        "budget_total": "150 000,50",
        "budget_investment": "",
        "budget_operating": "",
        "steps-TOTAL_FORMS": "1",
        "steps-INITIAL_FORMS": "0",
        "steps-0-title": "Réunir les industriels",
        "steps-0-due_on": "2019-10-01",
        "steps-0-done": "on",
        "indicators-TOTAL_FORMS": "1",
        "indicators-INITIAL_FORMS": "0",
        "indicators-0-name": "Apprentis formés",
        "indicators-0-unit": "personnes",
        "indicators-0-baseline": "0",
        "indicators-0-target": "12",
        "indicators-0-current_value": "3,5",
        "links-TOTAL_FORMS": "1",
        "links-INITIAL_FORMS": "0",
        "links-0-title": "",
        "links-0-url": "",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def edit_data(sheet, **overrides):
    """The edit form as the page fills it, for `sheet`."""
    data = {
        "code": sheet.code,
        "title": sheet.title,
        "axis": sheet.axis_id,
        "visibility": sheet.visibility,
        "priority": sheet.priority,
        "context": sheet.context,
        "objectives": sheet.objectives,
        "tags_text": ", ".join(t.name for t in sheet.tags.all()),
        "version": sheet.version,
        "pilots": [p.pk for p in sheet.pilots.all()],
        "steps-TOTAL_FORMS": "0",
        "steps-INITIAL_FORMS": "0",
        "indicators-TOTAL_FORMS": "0",
        "indicators-INITIAL_FORMS": "0",
        "links-TOTAL_FORMS": "0",
        "links-INITIAL_FORMS": "0",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def create_url(territory):
    return reverse("plans:sheet_create", args=[territory.code])


def edit_url(sheet):
    return reverse("plans:sheet_edit", args=[sheet.territory.code, sheet.code])


def test_create_form_renders_for_editors_only(territory, login, editor, reader, contributor):
    response = login(editor).get(create_url(territory))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Nouvelle fiche action" in html and 'name="visibility"' in html
    assert 'name="steps-TOTAL_FORMS"' in html
    for user in (reader, contributor):
        response = login(user).get(create_url(territory))
        assert response.status_code == 403
        assert "Vous ne pouvez pas créer de fiche dans ce territoire." in response.content.decode()
    response = login().get(create_url(territory))
    assert response.status_code == 302
    assert response["Location"] == f"/compte/connexion/?next={create_url(territory)}"


def test_create_a_fiche_with_everything(territory, axes, login, editor):
    pilot = PersonFactory(first_name="Marc", last_name="Nicolas")
    porteur = OrganisationFactory(name="Nogentech")
    # Both are in the territory's directory: the form offers only those.
    GovernanceRoleFactory(territory=territory, person=pilot, role="project_manager")
    PartnershipFactory(territory=territory, organisation=porteur)
    other = ActionSheetFactory(territory=territory, code="F8")
    data = form_data(
        axes["recruter"],
        pilots=[pilot.pk],
        presenter=pilot.pk,
        lead_organisation=porteur.pk,
        related_sheets=[other.pk],
    )
    response = login(editor).post(create_url(territory), data)
    assert response.status_code == 302, response.content.decode()
    sheet = ActionSheet.objects.get(territory=territory, code="F9")
    assert response["Location"] == sheet.get_absolute_url()
    assert sheet.axis == axes["recruter"]
    assert str(sheet.budget_total) == "150000.50"
    assert list(sheet.pilots.all()) == [pilot]
    assert sheet.presenter == pilot and sheet.lead_organisation == porteur
    assert sorted(t.name for t in sheet.tags.all()) == ["apprentissage", "formation"]
    assert list(sheet.related_sheets.all()) == [other]
    step = sheet.steps.get()
    assert step.title == "Réunir les industriels" and step.done
    indicator = sheet.indicators.get()
    assert str(indicator.current_value) == "3.50"
    assert not sheet.links.exists()  # the empty extra row is ignored
    assert history_of(sheet).get().verb == "sheet.created"
    assert sheet.created_by == editor


def test_existing_tags_of_visible_fiches_are_reused(territory, axes, login, editor):
    tagged = ActionSheetFactory(territory=territory, code="F1")
    tagged.tags.add(Tag.objects.create(name="Formation"))
    login(editor).post(create_url(territory), form_data(axes["recruter"]))
    assert Tag.objects.filter(name__iexact="formation").count() == 1
    assert "Formation" in ActionSheet.objects.get(code="F9").tags.values_list("name", flat=True)


def test_the_form_does_not_adopt_the_spelling_of_a_tag_only_on_invisible_fiches(
    territory, login, editor
):
    elsewhere = ActionSheetFactory(visibility=Visibility.RESTRICTED)
    elsewhere.tags.add(Tag.objects.create(name="Fermeture Site Lorient"))
    sheet = ActionSheetFactory(territory=territory)

    response = login(editor).post(
        edit_url(sheet), edit_data(sheet, tags_text="FERMETURE SITE LORIENT")
    )

    assert response.status_code == 302
    assert [t.name for t in sheet.tags.all()] == ["FERMETURE SITE LORIENT"]


@pytest.mark.parametrize(
    "overrides, field, message",
    [
        ({"start_date": "31/02/2019"}, "start_date", "Saisissez une date valide."),
        ({"start_date": "pas une date"}, "start_date", "Saisissez une date valide."),
        ({"budget_total": "beaucoup"}, "budget_total", "Saisissez un nombre."),
        ({"budget_total": "-5"}, "budget_total", "supérieure ou égale à 0"),
        ({"title": ""}, "title", "Ce champ est obligatoire."),
        ({"axis": "999999"}, "axis", "Sélectionnez un choix valide"),
        ({"visibility": "secret"}, "visibility", "Sélectionnez un choix valide"),
        ({"indicators-0-target": "douze"}, "indicators-0-target", "Saisissez un nombre."),
        ({"steps-0-due_on": "2019-13-45"}, "steps-0-due_on", "Saisissez une date valide."),
        (
            {"start_date": "2020-01-01", "end_date": "2019-01-01"},
            "end_date",
            "La date de fin précède la date de début.",
        ),
        (
            {"budget_total": "100", "budget_investment": "80", "budget_operating": "40"},
            "budget_total",
            "dépassent le budget total",
        ),
    ],
)
def test_malformed_input_gives_form_errors(
    territory, axes, login, editor, overrides, field, message
):
    response = login(editor).post(create_url(territory), form_data(axes["recruter"], **overrides))
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert f'id="id_{field}-desc-error"' in html
    assert "fr-error-text" in html and (
        "fr-input-group--error" in html or "fr-select-group--error" in html
    )
    assert not ActionSheet.objects.filter(code="F9").exists()


def test_duplicate_code_is_reported_on_the_code_field(territory, axes, login, editor):
    ActionSheetFactory(territory=territory, code="F9")
    response = login(editor).post(create_url(territory), form_data(axes["recruter"]))
    assert response.status_code == 200
    assert "déjà utilisé" in response.content.decode()
    assert not Tag.objects.filter(name="apprentissage").exists()  # nothing written


def test_edit_form_is_prefilled(territory, login, editor):
    sheet = ActionSheetFactory(territory=territory, title="Accueil des actifs")
    sheet.steps.create(title="Guichet unique", position=0)
    response = login(editor).get(edit_url(sheet))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="Accueil des actifs"' in html
    assert 'value="Guichet unique"' in html
    assert f'name="version" value="{sheet.version}"' in html


def test_edit_saves_and_records_history(territory, login, editor):
    sheet = ActionSheetFactory(territory=territory, title="Accueil des actifs")
    data = edit_data(sheet, title="Accueil des nouveaux actifs", tags_text="attractivité")
    response = login(editor).post(edit_url(sheet), data)
    assert response.status_code == 302
    sheet.refresh_from_db()
    assert sheet.title == "Accueil des nouveaux actifs"
    assert sheet.version == 2
    change = history_of(sheet).get()
    assert {c["field"] for c in change.changes} == {"title", "tags"}


def test_stale_edit_shows_both_versions_and_writes_nothing(territory, login, editor, axes):
    sheet = ActionSheetFactory(territory=territory, title="Mobilité", context="Covoiturage")
    opened = edit_data(sheet)  # the user opens the form at version 1
    services.update_sheet(
        sheet, acting_user=editor, expected_version=1, fields={"title": "Mobilité des salariés"}
    )
    before = ActionSheet.objects.get(pk=sheet.pk)
    tags_before = Tag.objects.count()
    opened.update(context="Transport à la demande", tags_text="mobilité")
    response = login(editor).post(edit_url(sheet), opened)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="stale-comparison"' in html
    assert "Votre version" in html and "Version actuelle (modifiée par" in html
    comparison = html.split('id="stale-comparison"')[1].split("</table>")[0]
    assert "Transport à la demande" in comparison and "Covoiturage" in comparison
    assert "Mobilité des salariés" in comparison  # their title against the user's old one
    # The user's values are kept in the form and the version moved on.
    form = html.split('id="sheet-form"')[1]
    assert "Transport à la demande" in form and 'value="mobilité"' in form
    assert 'name="version" value="2"' in form
    # Nothing was written.
    after = ActionSheet.objects.get(pk=sheet.pk)
    assert (after.version, after.title, after.context) == (
        before.version,
        before.title,
        before.context,
    )
    assert Tag.objects.count() == tags_before
    assert history_of(sheet).count() == 1
    # Deliberately saving again with the new version goes through.
    opened["version"] = "2"
    response = login(editor).post(edit_url(sheet), opened)
    assert response.status_code == 302
    after.refresh_from_db()
    assert after.context == "Transport à la demande" and after.version == 3


def test_contributor_edits_only_piloted_fiches_without_visibility(territory, login, contributor):
    person = Person.objects.get(user=contributor)
    mine = ActionSheetFactory(territory=territory, visibility=Visibility.RESTRICTED)
    mine.pilots.add(person)
    theirs = ActionSheetFactory(territory=territory)
    response = login(contributor).get(edit_url(mine))
    assert response.status_code == 200
    assert 'name="visibility"' not in response.content.decode()
    assert login(contributor).get(edit_url(theirs)).status_code == 403
    # A forged visibility value is ignored: the field is not part of the form.
    data = edit_data(mine, title="Nouveau titre", visibility=Visibility.PUBLIC)
    response = login(contributor).post(edit_url(mine), data)
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.title == "Nouveau titre" and mine.visibility == Visibility.RESTRICTED


def test_reader_cannot_edit(territory, login, reader, outsider):
    sheet = ActionSheetFactory(territory=territory)
    response = login(reader).post(edit_url(sheet), edit_data(sheet, title="x"))
    assert response.status_code == 403
    assert "Vous ne pouvez pas modifier cette fiche." in response.content.decode()
    restricted = ActionSheetFactory(territory=territory, visibility=Visibility.RESTRICTED)
    assert login(outsider).get(edit_url(restricted)).status_code == 404


def test_steps_can_be_removed_from_the_form(territory, login, editor):
    sheet = ActionSheetFactory(territory=territory)
    sheet.steps.create(title="Ancienne étape", position=0)
    data = edit_data(
        sheet,
        **{
            "steps-TOTAL_FORMS": "1",
            "steps-INITIAL_FORMS": "1",
            "steps-0-title": "Ancienne étape",
            "steps-0-DELETE": "on",
        },
    )
    assert login(editor).post(edit_url(sheet), data).status_code == 302
    assert not sheet.steps.exists()


def upload(client, sheet, name, content, kind="note"):
    url = reverse("plans:document_add", args=[sheet.territory.code, sheet.code])
    return client.post(url, {"title": "", "kind": kind, "file": SimpleUploadedFile(name, content)})


def test_document_upload_and_removal(territory, login, editor):
    sheet = ActionSheetFactory(territory=territory)
    client = login(editor)
    response = upload(client, sheet, "plan-financement.pdf", b"%PDF-1.4")
    assert response.status_code == 302
    document = sheet.documents.get()
    assert document.title == "plan-financement.pdf" and document.size == 8
    detail = reverse("plans:sheet_detail", args=[territory.code, sheet.code])
    assert response["Location"] == f"{detail}#documents"
    html = client.get(detail).content.decode()
    assert "plan-financement.pdf" in html and "Retirer" in html
    remove = reverse("plans:document_remove", args=[territory.code, sheet.code, document.pk])
    assert client.post(remove)["Location"] == f"{detail}#documents"
    assert not sheet.documents.exists()


def test_documents_are_managed_from_the_fiche_page_never_from_its_form(territory, login, editor):
    """An upload sends its own form: on the edit page it would throw away the edits."""
    sheet = ActionSheetFactory(territory=territory)
    client = login(editor)

    form_page = client.get(edit_url(sheet)).content.decode()
    detail = client.get(sheet.get_absolute_url()).content.decode()

    add = reverse("plans:document_add", args=[territory.code, sheet.code])
    assert add not in form_page and "la page de la fiche" in form_page
    assert f'action="{add}"' in detail


def test_document_form_is_shown_to_those_who_edit_only(territory, login, reader):
    sheet = ActionSheetFactory(territory=territory)

    detail = login(reader).get(sheet.get_absolute_url()).content.decode()

    assert 'id="document-form"' not in detail


def test_document_type_and_size_are_refused(territory, login, editor, settings):
    sheet = ActionSheetFactory(territory=territory)
    client = login(editor)
    response = upload(client, sheet, "virus.exe", b"MZ")
    assert response.status_code == 400
    html = response.content.decode()
    assert "Type de fichier refusé (.exe)" in html and "fr-error-text" in html
    settings.DOCUMENT_MAX_BYTES = 1024 * 1024
    response = upload(client, sheet, "gros.pdf", b"0" * (1024 * 1024 + 1))
    assert response.status_code == 400
    assert "Fichier trop volumineux : 1 Mo au plus." in response.content.decode()
    assert not sheet.documents.exists()


def test_reader_cannot_upload(territory, login, reader):
    sheet = ActionSheetFactory(territory=territory)
    assert upload(login(reader), sheet, "note.pdf", b"x").status_code == 403


@pytest.mark.parametrize("version", [None, "abc", "0"])
def test_missing_or_malformed_version_is_a_form_error(territory, login, editor, version):
    sheet = ActionSheetFactory(territory=territory, title="Avant")
    response = login(editor).post(edit_url(sheet), edit_data(sheet, title="Après", version=version))
    assert response.status_code == 200
    assert "Le formulaire a été mal transmis" in response.content.decode()
    sheet.refresh_from_db()
    assert sheet.title == "Avant" and sheet.version == 1
