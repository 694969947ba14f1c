"""The fiche page: its content, its badges, its history, its documents, and who sees it."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from territoires.organisations.models import Person
from territoires.plans import services
from territoires.plans.models import Status, Visibility

from ..factories import (
    ActionSheetFactory,
    IndicatorFactory,
    OrganisationFactory,
    PersonFactory,
    StepFactory,
    TagFactory,
)

pytestmark = pytest.mark.django_db


def url(sheet):
    return reverse("plans:sheet_detail", args=[sheet.territory.code, sheet.code])


@pytest.fixture
def full_sheet(territory, axes):
    porteur = OrganisationFactory(name="Agglomération de Chaumont")
    pilot = PersonFactory(first_name="Christine", last_name="Guillemy", organisation=porteur)
    presenter = PersonFactory(first_name="Jean-François", last_name="Présentateur")
    sheet = ActionSheetFactory(
        territory=territory,
        code="F2.1",
        title="Renforcer l'offre foncière et immobilière d'activités",
        axis=axes["attirer"],
        context="Peu de foncier disponible en zone d'activité.",
        objectives="Requalifier deux friches industrielles.",
        beneficiaries="Entreprises industrielles du bassin",
        expected_results="Deux friches requalifiées",
        lead_organisation=porteur,
        presenter=presenter,
        start_date=datetime.date(2019, 9, 9),
        end_date=datetime.date(2021, 12, 31),
        budget_total=150000,
        budget_investment=120000,
        budget_operating=30000,
        priority="high",
        status=Status.VALIDATED,
    )
    sheet.pilots.add(pilot)
    sheet.partners.add(OrganisationFactory(name="Banque des Territoires"))
    sheet.tags.add(TagFactory(name="foncier"), TagFactory(name="friche"))
    other = ActionSheetFactory(territory=territory, code="F2.2", title="Prospection d'entreprises")
    sheet.related_sheets.add(other)
    StepFactory(
        sheet=sheet, title="Inventaire des friches", due_on=datetime.date(2020, 3, 1), done=True
    )
    IndicatorFactory(
        sheet=sheet, name="Hectares requalifiés", unit="ha", baseline=0, target=8, current_value=2
    )
    sheet.links.create(title="Article de l'After Work", url="https://example.org/after-work")
    return sheet


def test_page_shows_all_the_content(full_sheet, login, reader):
    response = login(reader).get(url(full_sheet))
    assert response.status_code == 200
    html = response.content.decode()
    for text in [
        "F2.1",
        "Renforcer l&#x27;offre foncière",
        "Peu de foncier disponible",
        "Requalifier deux friches",
        "Entreprises industrielles du bassin",
        "Deux friches requalifiées",
        "Agglomération de Chaumont",
        "Christine Guillemy",
        "Jean-François Présentateur",
        "Banque des Territoires",
        "Inventaire des friches",
        "01/03/2020",
        "Hectares requalifiés",
        "25 %",
        "150\xa0000,00 €",
        "120\xa0000,00 €",
        "30\xa0000,00 €",
        "Haute",
        "foncier",
        "friche",
        "F2.2 Prospection d&#x27;entreprises",
        "https://example.org/after-work",
        "Validée",
        "Attirer",
    ]:
        assert text in html, text


def test_late_fiche_is_flagged(territory, login, reader):
    late = ActionSheetFactory(
        territory=territory, end_date=datetime.date(2020, 1, 1), status=Status.IN_PROGRESS
    )
    done = ActionSheetFactory(
        territory=territory, end_date=datetime.date(2020, 1, 1), status=Status.DONE
    )
    assert late.is_late and not done.is_late
    assert "En retard" in login(reader).get(url(late)).content.decode()
    assert "En retard" not in login(reader).get(url(done)).content.decode()


def test_example_content_is_marked(territory, login):
    sheet = ActionSheetFactory(territory=territory, is_example=True)
    assert "Contenu d’exemple" in login().get(url(sheet)).content.decode()


def test_restricted_fiche_is_a_404_for_those_who_may_not_read_it(territory, login, outsider):
    sheet = ActionSheetFactory(territory=territory, visibility=Visibility.RESTRICTED)
    assert login().get(url(sheet)).status_code == 404
    response = login(outsider).get(url(sheet))
    assert response.status_code == 404
    assert sheet.title not in response.content.decode()
    assert "Page non trouvée" in response.content.decode()


def test_unknown_territory_and_fiche_are_404(territory, login):
    assert login().get("/territoires/0000/fiches/F1/").status_code == 404
    assert login().get(f"/territoires/{territory.code}/fiches/F99/").status_code == 404


def test_deleted_fiche_is_a_404_to_those_who_do_not_keep_the_bin(territory, login, editor, reader):
    sheet = ActionSheetFactory(territory=territory)
    services.delete_sheet(sheet, acting_user=editor)
    assert login(reader).get(url(sheet)).status_code == 404
    assert login(editor).get(url(sheet)).status_code == 410  # tests/pages/test_public_service_pages


def test_public_fiche_is_readable_anonymously_without_history(territory, login, editor):
    sheet = services.create_sheet(
        territory,
        acting_user=editor,
        fields={
            "code": "F9",
            "title": "Formation maintenance industrielle",
            "axis": territory.programme.axes.get(code="recruter"),
            "visibility": Visibility.PUBLIC,
        },
    )
    response = login().get(url(sheet))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Formation maintenance industrielle" in html
    assert "Historique" not in html
    assert 'id="status-form"' not in html
    assert "Modifier" not in html


def test_history_shows_who_when_what(territory, login, editor):
    sheet = services.create_sheet(
        territory,
        acting_user=editor,
        fields={"code": "F3", "title": "Mobilité", "axis": territory.programme.axes.first()},
    )
    services.update_sheet(
        sheet,
        acting_user=editor,
        expected_version=1,
        fields={"title": "Mobilité douce"},
        comment="titre précisé",
    )
    html = login(editor).get(url(sheet)).content.decode()
    assert "Historique" in html
    assert "Création" in html and "Modification" in html
    assert "Mobilité douce" in html and "titre précisé" in html
    assert str(editor) in html


def test_status_form_offers_only_allowed_moves(territory, login, contributor, editor):
    sheet = ActionSheetFactory(territory=territory, status=Status.PRESENTED)
    sheet.pilots.add(Person.objects.get(user=contributor))
    html = login(contributor).get(url(sheet)).content.decode()
    assert "Retravailler la fiche" in html
    assert "Valider la fiche" not in html  # needs the validate permission
    html = login(editor).get(url(sheet)).content.decode()
    assert "Valider la fiche" in html


def test_document_download_checks_the_policy(territory, login, editor, reader, outsider):
    sheet = ActionSheetFactory(territory=territory, visibility=Visibility.RESTRICTED)
    document = services.add_document(
        sheet,
        acting_user=editor,
        title="Plan de financement",
        kind="budget",
        uploaded_file=SimpleUploadedFile("plan.pdf", b"%PDF-1.4 contenu", "application/pdf"),
    )
    download = reverse("plans:document_download", args=[territory.code, sheet.code, document.pk])
    response = login(reader).get(download)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 contenu"
    assert "attachment" in response["Content-Disposition"]
    assert login(outsider).get(download).status_code == 404
    assert login().get(download).status_code == 404
    html = login(reader).get(url(sheet)).content.decode()
    assert "Plan de financement" in html and "16" in html  # size in bytes


def test_document_of_another_fiche_is_not_served(territory, login, editor):
    sheet = ActionSheetFactory(territory=territory)
    other = ActionSheetFactory(territory=territory)
    document = services.add_document(
        sheet,
        acting_user=editor,
        title="Note",
        kind="note",
        uploaded_file=SimpleUploadedFile("note.txt", b"texte", "text/plain"),
    )
    wrong = reverse("plans:document_download", args=[territory.code, other.code, document.pk])
    assert login(editor).get(wrong).status_code == 404
