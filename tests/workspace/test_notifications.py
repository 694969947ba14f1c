"""Notifications are derived from the audit log: a fiche's pilots and followers are told of
its status moves, its sending back for rework (with the reason) and companies' feedback."""

import pytest

from territoires.audit.log import record
from territoires.plans import services
from territoires.plans.models import Status
from territoires.workspace import inbox, notifications
from territoires.workspace.models import Follow, Notification, NotificationKind
from territoires.workspace.services import follow_sheet, unfollow_sheet

from ..factories import UserFactory, member

pytestmark = pytest.mark.django_db


def test_sending_a_fiche_back_notifies_its_pilot_with_the_reason(sheet, pilot, region_user):
    services.change_status(
        sheet, Status.DRAFT, acting_user=region_user, comment="Chiffrez le budget."
    )
    notification = Notification.objects.get(recipient=pilot)
    assert notification.kind == NotificationKind.SENT_BACK
    shown = inbox.show(notification)
    assert "renvoyée pour être retravaillée" in shown.headline
    assert "F9 Former à la maintenance industrielle" in shown.headline
    assert "Présentée → Brouillon" in shown.headline
    assert shown.reason == "Chiffrez le budget."


def test_a_status_move_notifies_followers_but_not_its_author(territory, sheet, pilot, editor):
    follower = member(territory, "reader")
    follow_sheet(sheet, acting_user=follower)
    follow_sheet(sheet, acting_user=editor)
    services.change_status(sheet, Status.VALIDATED, acting_user=editor)
    recipients = set(Notification.objects.values_list("recipient", "kind"))
    assert recipients == {
        (pilot.pk, NotificationKind.STATUS_CHANGED),
        (follower.pk, NotificationKind.STATUS_CHANGED),
    }
    shown = inbox.show(Notification.objects.get(recipient=follower))
    assert "passée au statut « Validée »" in shown.headline


def test_an_unfollowed_fiche_notifies_nobody_else(territory, sheet, editor):
    follower = member(territory, "reader")
    follow_sheet(sheet, acting_user=follower)
    assert unfollow_sheet(sheet, acting_user=follower)
    services.change_status(sheet, Status.VALIDATED, acting_user=editor)
    assert not Notification.objects.filter(recipient=follower).exists()
    assert not Follow.objects.exists()


def test_following_twice_is_one_follow_and_is_logged_once(territory, sheet):
    follower = member(territory, "reader")
    follow_sheet(sheet, acting_user=follower)
    follow_sheet(sheet, acting_user=follower)
    assert Follow.objects.filter(user=follower).count() == 1
    from territoires.audit.models import AuditEvent

    assert AuditEvent.objects.filter(verb="workspace.sheet_followed").count() == 1


def test_a_company_feedback_event_notifies_the_pilot(sheet, pilot):
    record(
        "meeting.feedback_given",
        sheet,
        acting_user=None,
        territory=sheet.territory_id,
        data={"meeting": 1, "sheet": sheet.pk, "interest": "interested"},
    )
    notification = Notification.objects.get(recipient=pilot)
    assert notification.kind == NotificationKind.FEEDBACK
    assert "nouvel avis d'une entreprise" in inbox.show(notification).headline


def test_other_events_notify_nobody(sheet, editor):
    services.update_sheet(
        sheet, acting_user=editor, expected_version=sheet.version, fields={"title": "Autre"}
    )
    assert not Notification.objects.exists()


def test_a_notification_of_a_fiche_no_longer_visible_is_not_shown(sheet, pilot, editor):
    outsider = UserFactory()
    Follow.objects.create(user=outsider, sheet=sheet)
    sheet.visibility = "restricted"
    sheet.save(update_fields=["visibility"])
    services.change_status(sheet, Status.VALIDATED, acting_user=editor)
    from territoires.permissions import policy_for

    assert Notification.objects.filter(recipient=outsider).exists()
    assert inbox.inbox(outsider, policy_for(outsider)) == ([], 0)
    shown, unread = inbox.inbox(pilot, policy_for(pilot))
    assert unread == 1 and len(shown) == 1


def test_mark_all_read(sheet, pilot, editor):
    services.change_status(sheet, Status.VALIDATED, acting_user=editor)
    assert inbox.mark_all_read(acting_user=pilot) == 1
    assert inbox.mark_all_read(acting_user=pilot) == 0
    assert Notification.objects.get(recipient=pilot).read_at is not None


def test_past_events_are_notified_in_bulk_once(sheet, pilot, region_user):
    from territoires.audit.models import AuditEvent

    services.change_status(sheet, Status.DRAFT, acting_user=region_user, comment="À revoir.")
    Notification.objects.all().delete()  # as if written without the services
    assert notifications.notify_from_history(AuditEvent.objects.all()) == 1
    notifications.notify_from_history(AuditEvent.objects.all())  # again: nothing more
    notification = Notification.objects.get()
    assert (notification.recipient, notification.kind) == (pilot, NotificationKind.SENT_BACK)
    assert notification.read_at is not None and notification.emailed_at is not None


def test_a_company_feedback_given_at_a_meeting_notifies_the_pilot(territory, sheet, pilot, editor):
    import datetime

    from territoires.meetings import feedback
    from territoires.meetings import services as meetings

    from ..factories import MeetingFactory

    meeting = MeetingFactory(territory=territory, capacity=50)
    items = [{"title": "Point", "start_time": datetime.time(18, 0), "sheets": [(sheet, None)]}]
    meetings.set_agenda(meeting, acting_user=editor, expected_version=1, items=items)
    feedback.give_feedback(
        meeting,
        sheet,
        acting_user=None,
        first_name="Claude",
        last_name="Usine",
        email="claude@usine.example",
        organisation_name="Usine",
        interest="interested",
    )
    notification = Notification.objects.get(recipient=pilot)
    assert notification.kind == NotificationKind.FEEDBACK
    assert "nouvel avis d'une entreprise" in inbox.show(notification).headline
