"""Status changes, soft deletion, the bin and restoration, from the pages."""

import pytest
from django.urls import reverse

from territoires.audit.readers import history_of
from territoires.organisations.models import Person
from territoires.plans.models import ActionSheet, Status, Visibility

from ..factories import ActionSheetFactory

pytestmark = pytest.mark.django_db


def status_url(sheet):
    return reverse("plans:sheet_status", args=[sheet.territory.code, sheet.code])


def test_allowed_status_change(territory, login, editor):
    sheet = ActionSheetFactory(territory=territory, status=Status.PRESENTED)
    client = login(editor)
    response = client.post(
        status_url(sheet),
        {"target": "validated", "comment": "Validée en comité de projet", "version": sheet.version},
    )
    assert response.status_code == 302
    assert response["Location"] == sheet.get_absolute_url()
    sheet.refresh_from_db()
    assert sheet.status == Status.VALIDATED
    transition = sheet.transitions.get()
    assert (transition.by, transition.comment) == (editor, "Validée en comité de projet")
    html = client.get(sheet.get_absolute_url()).content.decode()
    assert "Statut de la fiche" in html and "Validée en comité de projet" in html


def test_refused_status_change_is_a_french_403(territory, login, contributor):
    sheet = ActionSheetFactory(territory=territory, status=Status.PRESENTED)
    sheet.pilots.add(Person.objects.get(user=contributor))
    response = login(contributor).post(status_url(sheet), {"target": "validated"})
    assert response.status_code == 403
    html = response.content.decode()
    assert "Accès refusé" in html
    assert (
        "Vous ne pouvez pas effectuer l&#x27;action « Valider la fiche » sur cette fiche." in html
    )
    sheet.refresh_from_db()
    assert sheet.status == Status.PRESENTED


def test_reader_may_not_change_any_status(territory, login, reader):
    sheet = ActionSheetFactory(territory=territory, status=Status.DRAFT)
    response = login(reader).post(status_url(sheet), {"target": "proposed"})
    assert response.status_code == 403
    assert "Vous ne pouvez pas changer le statut de cette fiche." in response.content.decode()


def test_unknown_or_impossible_status_is_a_form_error(territory, login, editor):
    sheet = ActionSheetFactory(territory=territory, status=Status.DRAFT)
    for target in ("flying", "done", ""):
        response = login(editor).post(status_url(sheet), {"target": target})
        assert response.status_code == 400
        html = response.content.decode()
        assert "fr-error-text" in html
    sheet.refresh_from_db()
    assert sheet.status == Status.DRAFT


def test_stale_status_change_is_not_applied(territory, login, editor):
    sheet = ActionSheetFactory(territory=territory, status=Status.DRAFT)
    ActionSheet.objects.filter(pk=sheet.pk).update(version=5)
    response = login(editor).post(
        status_url(sheet), {"target": "proposed", "version": "1"}, follow=True
    )
    assert "modifiée entre-temps" in response.content.decode()
    sheet.refresh_from_db()
    assert sheet.status == Status.DRAFT


def test_status_of_an_invisible_fiche_is_a_404(territory, login, outsider):
    sheet = ActionSheetFactory(territory=territory, visibility=Visibility.RESTRICTED)
    assert login(outsider).post(status_url(sheet), {"target": "proposed"}).status_code == 404


def test_status_change_needs_post(territory, login, editor):
    sheet = ActionSheetFactory(territory=territory)
    assert login(editor).get(status_url(sheet)).status_code == 405


def test_soft_delete_with_confirmation_then_restore(territory, login, editor):
    sheet = ActionSheetFactory(territory=territory, code="F5", title="Dérogation ZAE")
    client = login(editor)
    delete_url = reverse("plans:sheet_delete", args=[territory.code, "F5"])
    html = client.get(delete_url).content.decode()
    assert "Confirmer la suppression" in html and "corbeille" in html
    assert ActionSheet.objects.alive().filter(pk=sheet.pk).exists()

    response = client.post(delete_url, {"comment": "Doublon de F4"})
    assert response.status_code == 302
    assert response["Location"] == reverse("territories:detail", args=[territory.code])
    sheet.refresh_from_db()
    assert sheet.deleted_at is not None and sheet.deleted_by == editor
    record = history_of(sheet).first()
    assert (record.verb, record.comment, record.actor) == ("sheet.deleted", "Doublon de F4", editor)
    territory_html = client.get(reverse("territories:detail", args=[territory.code]))
    assert 'data-sheet="F5"' not in territory_html.content.decode()

    trash = client.get(reverse("plans:trash", args=[territory.code])).content.decode()
    assert 'data-sheet="F5"' in trash and "Dérogation ZAE" in trash

    response = client.post(reverse("plans:sheet_restore", args=[territory.code, "F5"]))
    assert response.status_code == 302
    sheet.refresh_from_db()
    assert sheet.deleted_at is None
    assert history_of(sheet).first().verb == "sheet.restored"
    assert client.get(sheet.get_absolute_url()).status_code == 200
    trash = client.get(reverse("plans:trash", args=[territory.code])).content.decode()
    assert "La corbeille est vide." in trash


def test_delete_trash_and_restore_are_for_editors(territory, login, reader, contributor, editor):
    sheet = ActionSheetFactory(territory=territory, code="F7")
    for user in (reader, contributor):
        client = login(user)
        response = client.post(reverse("plans:sheet_delete", args=[territory.code, "F7"]))
        assert response.status_code == 403
        assert "Vous ne pouvez pas supprimer cette fiche." in response.content.decode()
        assert client.get(reverse("plans:trash", args=[territory.code])).status_code == 403
    sheet.refresh_from_db()
    assert sheet.deleted_at is None
    login(editor).post(reverse("plans:sheet_delete", args=[territory.code, "F7"]))
    response = login(reader).post(reverse("plans:sheet_restore", args=[territory.code, "F7"]))
    assert response.status_code == 403
    sheet.refresh_from_db()
    assert sheet.deleted_at is not None


def test_restoring_an_unknown_fiche_is_a_404(territory, login, editor):
    response = login(editor).post(reverse("plans:sheet_restore", args=[territory.code, "F99"]))
    assert response.status_code == 404


def test_error_pages_render_in_french(rf):
    from territoires.pages.errors import server_error

    response = server_error(rf.get("/"))
    html = response.content.decode()
    assert response.status_code == 500
    assert "Erreur inattendue" in html and "Territoires d&#x27;industrie" in html
