"""The write services behind the pages: history, optimistic locking, bin, documents."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from territoires.audit.models import AuditEvent
from territoires.audit.readers import history_of
from territoires.core.errors import StaleEditError
from territoires.organisations.models import Person
from territoires.plans import services
from territoires.plans.models import ActionSheet, Status, Visibility

from ..factories import ActionSheetFactory

pytestmark = pytest.mark.django_db


def new_sheet(territory, editor, **fields):
    values = {
        "code": "F1",
        "title": "Services aux entreprises",
        "axis": territory.programme.axes.first(),
        **fields,
    }
    return services.create_sheet(territory, acting_user=editor, fields=values)


def test_create_records_history_and_starts_as_draft(territory, editor):
    sheet = new_sheet(territory, editor)
    assert sheet.status == Status.DRAFT and sheet.version == 1
    record = history_of(sheet).get()
    assert record.verb == "sheet.created" and record.actor == editor
    assert record.territory == territory and record.version == 1
    assert {"field": "title", "kind": "text", "old": None, "new": "Services aux entreprises"} in (
        record.changes
    )
    assert {"field": "status", "kind": "choice", "old": None, "new": "draft"} in record.changes


def test_create_is_refused_to_readers(territory, reader):
    with pytest.raises(PermissionDenied):
        new_sheet(territory, reader)


def test_update_records_old_and_new_values(territory, editor):
    sheet = new_sheet(territory, editor)
    sheet = services.update_sheet(
        sheet,
        acting_user=editor,
        expected_version=1,
        fields={"title": "Services en zone d'activité"},
        comment="précision",
    )
    assert sheet.version == 2
    record = history_of(sheet).first()
    assert (record.verb, record.version) == ("sheet.updated", 2)
    assert record.changes == [
        {
            "field": "title",
            "kind": "text",
            "old": "Services aux entreprises",
            "new": "Services en zone d'activité",
        }
    ]
    assert record.comment == "précision"


def test_update_records_raw_amounts_dates_and_references(territory, editor):
    sheet = new_sheet(territory, editor)
    innover = territory.programme.axes.get(code="innover")
    sheet = services.update_sheet(
        sheet,
        acting_user=editor,
        expected_version=1,
        fields={
            "budget_total": Decimal("50000"),
            "end_date": datetime.date(2026, 3, 12),
            "axis": innover,
        },
    )
    changes = {c["field"]: c for c in history_of(sheet).first().changes}
    assert changes["budget_total"] == {
        "field": "budget_total",
        "kind": "money",
        "old": None,
        "new": "50000.00",
    }
    assert changes["end_date"]["new"] == "2026-03-12"
    assert changes["axis"]["new"] == {"id": innover.pk, "label": "Innover"}


def test_stale_update_raises_with_the_current_version_and_writes_nothing(territory, editor):
    sheet = new_sheet(territory, editor)
    services.update_sheet(sheet, acting_user=editor, expected_version=1, fields={"title": "A"})
    with pytest.raises(StaleEditError) as error:
        services.update_sheet(sheet, acting_user=editor, expected_version=1, fields={"title": "B"})
    assert error.value.current.version == 2 and error.value.current.title == "A"
    assert "modifiée entre-temps" in str(error.value)
    sheet.refresh_from_db()
    assert (sheet.title, sheet.version, history_of(sheet).count()) == ("A", 2, 2)


def test_contributor_cannot_change_visibility(territory, contributor, editor):
    sheet = new_sheet(territory, editor, visibility=Visibility.RESTRICTED)
    sheet.pilots.add(Person.objects.get(user=contributor))
    with pytest.raises(PermissionDenied):
        services.update_sheet(
            sheet,
            acting_user=contributor,
            expected_version=1,
            fields={"visibility": Visibility.PUBLIC},
        )
    sheet = services.update_sheet(
        sheet, acting_user=contributor, expected_version=1, fields={"title": "Piloté"}
    )
    assert sheet.title == "Piloté"


def test_soft_delete_and_restore_keep_history(territory, editor):
    sheet = new_sheet(territory, editor)
    services.delete_sheet(sheet, acting_user=editor, comment="doublon")
    assert not ActionSheet.objects.alive().filter(pk=sheet.pk).exists()
    assert ActionSheet.objects.deleted().filter(pk=sheet.pk).exists()
    services.restore_sheet(sheet, acting_user=editor)
    verbs = list(history_of(sheet).order_by("at", "id").values_list("verb", "version"))
    assert verbs == [("sheet.created", 1), ("sheet.deleted", 2), ("sheet.restored", 3)]
    assert history_of(sheet).get(verb="sheet.deleted").comment == "doublon"


def test_delete_is_refused_to_contributors(territory, contributor, editor):
    sheet = new_sheet(territory, editor)
    with pytest.raises(PermissionDenied):
        services.delete_sheet(sheet, acting_user=contributor)


@pytest.mark.parametrize(
    "name, size, message",
    [
        ("script.sh", 10, "Type de fichier refusé (.sh)"),
        ("sans-extension", 10, "Type de fichier refusé (.?)"),
        ("gros.pdf", 2 * 1024 * 1024 + 1, "Fichier trop volumineux : 2 Mo au plus."),
    ],
)
def test_documents_type_and_size_are_checked(territory, editor, settings, name, size, message):
    settings.DOCUMENT_MAX_BYTES = 2 * 1024 * 1024
    sheet = ActionSheetFactory(territory=territory)
    with pytest.raises(ValidationError) as error:
        services.add_document(
            sheet,
            acting_user=editor,
            title="",
            kind="note",
            uploaded_file=SimpleUploadedFile(name, b"x" * size),
        )
    assert message in error.value.message_dict["file"][0]
    assert not sheet.documents.exists()


def test_document_is_recorded_in_history(territory, editor):
    sheet = ActionSheetFactory(territory=territory)
    services.add_document(
        sheet,
        acting_user=editor,
        title="Délibération",
        kind="deliberation",
        uploaded_file=SimpleUploadedFile("delib.pdf", b"%PDF"),
    )
    record = history_of(sheet).get()
    assert record.verb == "sheet.document_added"
    assert record.changes == [
        {
            "field": "documents",
            "kind": "rows",
            "old": [],
            "new": [{"title": "Délibération", "kind": "deliberation"}],
        }
    ]


def test_late_flag(territory):
    past = datetime.date.today() - datetime.timedelta(days=1)
    future = datetime.date.today() + datetime.timedelta(days=30)
    assert ActionSheetFactory(territory=territory, end_date=past, status=Status.IN_PROGRESS).is_late
    assert not ActionSheetFactory(territory=territory, end_date=future).is_late
    assert not ActionSheetFactory(territory=territory, end_date=None).is_late
    assert not ActionSheetFactory(territory=territory, end_date=past, status=Status.DONE).is_late
    assert not ActionSheetFactory(
        territory=territory, end_date=past, status=Status.ABANDONED
    ).is_late


def test_natural_code_order(territory):
    for code in ["F13", "F2.2", "F10", "F1", "F2.0", "F3", "F11", "F2.1"]:
        ActionSheetFactory(territory=territory, code=code)
    codes = list(territory.action_sheets.order_by("sort_key").values_list("code", flat=True))
    assert codes == ["F1", "F2.0", "F2.1", "F2.2", "F3", "F10", "F11", "F13"]


def test_an_edit_that_changes_nothing_writes_nothing_and_keeps_the_version():
    from ..factories import MembershipFactory

    sheet = ActionSheetFactory(title="Mobilité")
    editor = MembershipFactory(territory=sheet.territory, role="editor").user
    before = AuditEvent.objects.count()
    result = services.update_sheet(
        sheet, acting_user=editor, expected_version=sheet.version, fields={"title": "Mobilité"}
    )
    assert result.version == sheet.version
    assert result.title == "Mobilité"
    assert AuditEvent.objects.count() == before


@pytest.mark.parametrize(
    "name, content",
    [
        ("programme.pdf", b"MZ\x90\x00 un executable renomme"),
        ("photo.png", b"GIF89a"),
        ("budget.xlsx", b"%PDF-1.7"),
        ("ancien.doc", b"PK\x03\x04"),
    ],
)
def test_document_whose_content_does_not_match_its_extension_is_refused(
    territory, editor, name, content
):
    sheet = ActionSheetFactory(territory=territory)
    with pytest.raises(ValidationError) as error:
        services.add_document(
            sheet,
            acting_user=editor,
            title="",
            kind="other",
            uploaded_file=SimpleUploadedFile(name, content),
        )
    extension = name.rsplit(".", 1)[1]
    assert error.value.message_dict["file"] == [
        f"Le contenu du fichier ne correspond pas à un fichier .{extension}."
    ]
    assert not sheet.documents.exists()


@pytest.mark.parametrize(
    "name, content",
    [
        ("tableau.ods", b"PK\x03\x04 reste du zip"),
        ("photo.jpg", b"\xff\xd8\xff\xe0 JFIF"),
        ("liste.csv", b"code;titre\nF1;Services\n"),
    ],
)
def test_document_whose_content_matches_its_extension_is_kept(territory, editor, name, content):
    sheet = ActionSheetFactory(territory=territory)
    document = services.add_document(
        sheet,
        acting_user=editor,
        title="",
        kind="other",
        uploaded_file=SimpleUploadedFile(name, content),
    )
    document.file.open("rb")
    assert document.file.read() == content
    document.file.close()


def test_pilots_and_porteur_come_from_the_territory_directory(territory, editor):
    from ..factories import GovernanceRoleFactory, OrganisationFactory, PartnershipFactory

    insider = GovernanceRoleFactory(territory=territory).person
    outsider = Person.objects.create(first_name="Hors", last_name="Annuaire")
    partner = PartnershipFactory(territory=territory).organisation
    stranger = OrganisationFactory(name="Entreprise d'ailleurs")
    axis = territory.programme.axes.first()

    with pytest.raises(ValidationError) as error:
        services.create_sheet(
            territory,
            acting_user=editor,
            fields={"code": "F1", "title": "Mobilité", "axis": axis, "presenter": outsider},
            m2m={"pilots": [insider], "partners": [stranger]},
        )
    assert set(error.value.message_dict) == {"presenter", "partners"}
    assert not ActionSheet.objects.filter(territory=territory).exists()

    sheet = services.create_sheet(
        territory,
        acting_user=editor,
        fields={"code": "F1", "title": "Mobilité", "axis": axis, "lead_organisation": partner},
        m2m={"pilots": [insider]},
    )
    assert list(sheet.pilots.all()) == [insider]


def test_people_already_on_a_fiche_stay_allowed_after_leaving_the_directory(territory, editor):
    outsider = Person.objects.create(first_name="Ancien", last_name="Pilote")
    sheet = ActionSheetFactory(territory=territory)
    sheet.pilots.add(outsider)

    saved = services.update_sheet(
        sheet,
        acting_user=editor,
        expected_version=sheet.version,
        fields={"title": "Nouveau titre"},
        m2m={"pilots": [outsider]},
    )

    assert saved.title == "Nouveau titre"
    assert list(saved.pilots.all()) == [outsider]


def test_a_removed_document_loses_its_file_only_once_the_write_commits(
    territory, editor, django_capture_on_commit_callbacks
):
    sheet = ActionSheetFactory(territory=territory)
    document = services.add_document(
        sheet,
        acting_user=editor,
        title="Plan",
        kind="note",
        uploaded_file=SimpleUploadedFile("plan.pdf", b"%PDF-1.7"),
    )
    storage, name = document.file.storage, document.file.name

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.remove_document(document, acting_user=editor)
    assert storage.exists(name)  # not before the commit: a rollback would keep it
    assert not sheet.documents.exists()

    for callback in callbacks:
        callback()
    assert not storage.exists(name)
    assert history_of(sheet).first().verb == "sheet.document_removed"
