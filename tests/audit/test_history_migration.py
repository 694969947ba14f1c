"""The history kept before the audit log (plans.ChangeRecord, values as displayed text) is
migrated into audit.AuditEvent with raw values, on SQLite and PostgreSQL alike."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from territoires.audit.models import AuditEvent
from territoires.audit.readers import value_as_of
from territoires.audit.render import describe
from territoires.plans.models import ActionSheet

BEFORE = [("plans", "0001_initial")]
WHEN = timezone.make_aware(datetime.datetime(2025, 6, 1, 12))


def _migrate(targets):
    """Migrate the test database to `targets`; the models as the applied migrations
    (of every app) leave them."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    applied = list(MigrationRecorder(connection).applied_migrations())
    return MigrationExecutor(connection).loader.project_state(applied).apps


def _leaves():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def _old_world(apps):
    """A territory, a fiche and its history as the code before the audit log wrote it."""
    Region = apps.get_model("referential", "Region")
    Programme = apps.get_model("programmes", "Programme")
    Axis = apps.get_model("programmes", "Axis")
    Stage = apps.get_model("programmes", "Stage")
    Territory = apps.get_model("referential", "Territory")
    StageChange = apps.get_model("referential", "StageChange")
    Sheet = apps.get_model("plans", "ActionSheet")
    ChangeRecord = apps.get_model("plans", "ChangeRecord")
    User = apps.get_model("accounts", "User")

    region = Region.objects.create(code="44", name="Grand Est")
    programme = Programme.objects.create(slug="ti", name="Territoires d'industrie")
    axis = Axis.objects.create(programme=programme, code="attirer", name="Attirer")
    labelled = Stage.objects.create(programme=programme, code="labellise", name="Labellisé")
    territory = Territory.objects.create(
        programme=programme, code="4403", name="Langres", region=region
    )
    author = User.objects.create(email="editeur@example.org", first_name="Éd", last_name="Iteur")
    sheet = Sheet.objects.create(
        territory=territory, code="F1", sort_key="F00000001", title="Foncier", axis=axis
    )
    StageChange.objects.create(
        territory=territory, to_stage=labelled, by=author, at=WHEN, comment="Label"
    )
    records = [
        (
            "created",
            1,
            [
                {"field": "title", "label": "Titre", "old": "", "new": "Foncier"},
                {"field": "budget_total", "label": "Budget", "old": "", "new": "1 234,50 €"},
                {"field": "status", "label": "Statut", "old": "", "new": "Brouillon"},
                {"field": "tags", "label": "Mots-clés", "old": "", "new": "foncier, friche"},
            ],
        ),
        (
            "updated",
            2,
            [
                {
                    "field": "budget_total",
                    "label": "Budget",
                    "old": "1\u202f234,50 €",
                    "new": "50\u00a0000,00 €",
                },
                {"field": "end_date", "label": "Fin", "old": "", "new": "12/03/2026"},
                {"field": "pilots", "label": "Pilotes", "old": "", "new": "Marie Curie, Jo"},
                {"field": "budget_operating", "label": "Fonct.", "old": "", "new": "env. 5 k€"},
            ],
        ),
        (
            "status",
            3,
            [{"field": "status", "label": "Statut", "old": "Brouillon", "new": "Proposée"}],
        ),
        ("updated", 4, [{"field": "documents", "label": "Documents", "old": "", "new": "Plan"}]),
    ]
    for index, (action, version, changes) in enumerate(records):
        ChangeRecord.objects.create(
            sheet=sheet,
            action=action,
            by=author,
            at=WHEN + datetime.timedelta(days=index),
            version=version,
            changes=changes,
            comment="import" if action == "status" else "",
        )
    return sheet.pk, territory.pk, author.pk


@pytest.mark.django_db(transaction=True)
def test_change_records_become_audit_events_with_raw_values():
    old_apps = _migrate(BEFORE)
    sheet_id, territory_id, author_id = _old_world(old_apps)

    _migrate(_leaves())

    sheet = ActionSheet.objects.get(pk=sheet_id)
    events = list(
        AuditEvent.objects.filter(object_type="plans.actionsheet", object_id=sheet_id).order_by(
            "at"
        )
    )
    assert [e.verb for e in events] == [
        "sheet.created",
        "sheet.updated",
        "sheet.status_changed",
        "sheet.document_added",
    ]
    assert {e.actor_id for e in events} == {author_id}
    assert {e.territory_id for e in events} == {territory_id}
    assert [e.version for e in events] == [1, 2, 3, 4]
    created, updated, status, document = events

    assert {"field": "budget_total", "kind": "money", "old": None, "new": "1234.50"} in (
        created.changes
    )
    assert {"field": "status", "kind": "choice", "old": None, "new": "draft"} in created.changes
    tags = next(c for c in created.changes if c["field"] == "tags")
    assert [t["label"] for t in tags["new"]] == ["foncier", "friche"]

    changes = {c["field"]: c for c in updated.changes}
    assert (changes["budget_total"]["old"], changes["budget_total"]["new"]) == (
        "1234.50",
        "50000.00",
    )
    assert changes["end_date"]["new"] == "2026-03-12"
    # What cannot be parsed back stays text, shown as it was.
    assert changes["pilots"]["as_text"] and changes["pilots"]["new"] == "Marie Curie, Jo"
    assert changes["budget_operating"] == {
        "field": "budget_operating",
        "kind": "text",
        "old": "",
        "new": "env. 5 k€",
        "as_text": True,
    }
    assert status.changes == [
        {"field": "status", "kind": "choice", "old": "draft", "new": "proposed"}
    ]
    assert status.comment == "import"

    # Read back in French, and as numbers.
    rendered = {c.field: c for c in describe(updated).changes}
    assert rendered["budget_total"].new == "50\u00a0000,00 €"
    assert rendered["end_date"].new == "12/03/2026"
    assert rendered["budget_operating"].new == "env. 5 k€"
    assert [(c.old, c.new) for c in describe(status).changes] == [("Brouillon", "Proposée")]
    assert str(value_as_of(sheet, "budget_total", WHEN + datetime.timedelta(hours=1))) == "1234.50"
    assert str(value_as_of(sheet, "budget_total", WHEN + datetime.timedelta(days=2))) == "50000.00"

    stage = AuditEvent.objects.get(verb="territory.stage_changed")
    assert (stage.object_id, stage.territory_id, stage.actor_id) == (
        territory_id,
        territory_id,
        author_id,
    )
    assert stage.changes[0]["new"]["label"] == "Labellisé"
    assert stage.comment == "Label"


@pytest.mark.django_db(transaction=True)
def test_going_back_before_the_audit_log_rebuilds_the_change_records():
    old_apps = _migrate(BEFORE)
    sheet_id, _, _ = _old_world(old_apps)
    _migrate(_leaves())
    assert AuditEvent.objects.filter(object_id=sheet_id, verb__startswith="sheet.").count() == 4

    old_apps = _migrate(BEFORE)

    ChangeRecord = old_apps.get_model("plans", "ChangeRecord")
    records = ChangeRecord.objects.filter(sheet_id=sheet_id).order_by("at")
    assert [r.action for r in records] == ["created", "updated", "status", "updated"]
    assert {"field": "budget_total", "label": "budget_total", "old": "", "new": "1234.50"} in (
        records[0].changes
    )
    _migrate(_leaves())
    assert AuditEvent.objects.filter(object_id=sheet_id, verb__startswith="sheet.").count() == 4
