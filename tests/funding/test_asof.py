"""Financing lines as of a date: their status from the recorded moves, their amount from
the audit log; lines created later, or of fiches created later, are not counted."""

import datetime
from decimal import Decimal

import pytest

from territoires.audit.models import AuditEvent
from territoires.core.dates import end_of_day
from territoires.funding import asof, financing
from territoires.funding.models import FundingTransition

from ..factories import ActionSheetFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def at(day):
    return datetime.datetime.combine(day, datetime.time(12), tzinfo=datetime.UTC)


def end_of(day):
    return end_of_day(day)


def backdate(line, day):
    """Move the line's last write (audit event and status move) to `day`."""
    event = AuditEvent.objects.filter(object_type=asof.LINE_TYPE, object_id=line.pk).order_by("-id")
    AuditEvent.objects.filter(pk=event.first().pk).update(at=at(day))
    last_move = FundingTransition.objects.filter(line=line).order_by("-id").first()
    if last_move and last_move.at > at(day):
        FundingTransition.objects.filter(pk=last_move.pk).update(at=at(day))


@pytest.fixture
def history(territory, editor):
    """A line added in March 2019 for 40 000 €, requested in June, raised to 50 000 € in
    September, granted in November 2019, paid in February 2020; a second line added in
    2020."""
    bank = OrganisationFactory(name="Banque des Territoires", kind="national_operator")
    sheet = ActionSheetFactory(territory=territory, created_at=at(datetime.date(2019, 1, 10)))
    line = financing.add_line(sheet, acting_user=editor, financer=bank, amount="40000")
    line.__class__.objects.filter(pk=line.pk).update(created_at=at(datetime.date(2019, 3, 1)))
    backdate(line, datetime.date(2019, 3, 1))
    line = financing.change_line_status(line, "requested", acting_user=editor)
    backdate(line, datetime.date(2019, 6, 1))
    line = financing.update_line(line, acting_user=editor, amount="50000")
    backdate(line, datetime.date(2019, 9, 1))
    line = financing.change_line_status(line, "granted", acting_user=editor)
    backdate(line, datetime.date(2019, 11, 1))
    line = financing.change_line_status(line, "paid", acting_user=editor)
    backdate(line, datetime.date(2020, 2, 1))
    later = financing.add_line(sheet, acting_user=editor, financer=bank, amount="9000")
    later.__class__.objects.filter(pk=later.pk).update(created_at=at(datetime.date(2020, 5, 1)))
    return sheet


def totals(day):
    rows = asof.commitments_as_of(end_of(day))
    keys = ("lines", "considered", "requested", "committed", "paid", "funded_sheets")
    return {key: sum(row[key] for row in rows) for key in keys}


def test_a_line_s_status_and_amount_at_several_dates(history):
    assert totals(datetime.date(2019, 2, 1))["lines"] == 0
    assert totals(datetime.date(2019, 3, 31)) == {
        "lines": 1,
        "considered": Decimal(40000),
        "requested": 0,
        "committed": 0,
        "paid": 0,
        "funded_sheets": 0,
    }
    assert totals(datetime.date(2019, 8, 31))["requested"] == Decimal(40000)
    assert totals(datetime.date(2019, 10, 1))["requested"] == Decimal(50000)
    on_31_december = totals(datetime.date(2019, 12, 31))
    assert (on_31_december["committed"], on_31_december["paid"]) == (Decimal(50000), 0)
    assert on_31_december["funded_sheets"] == 1
    today = totals(datetime.date(2026, 12, 31))
    assert (today["lines"], today["paid"]) == (2, Decimal(50000))
    assert today["considered"] == Decimal(9000)


def test_a_line_without_events_keeps_its_current_amount_and_status(territory):
    from ..factories import FundingLineFactory

    sheet = ActionSheetFactory(territory=territory, created_at=at(datetime.date(2019, 1, 10)))
    created = at(datetime.date(2019, 2, 1))
    FundingLineFactory(sheet=sheet, amount=7000, status="granted", created_at=created)
    assert totals(datetime.date(2019, 12, 31))["committed"] == Decimal(7000)


def test_the_lines_of_a_fiche_deleted_then_are_not_counted(history, editor):
    from territoires.plans import services

    services.delete_sheet(history, acting_user=editor)
    AuditEvent.objects.filter(object_id=history.pk, verb="sheet.deleted").update(
        at=at(datetime.date(2019, 12, 1))
    )
    assert totals(datetime.date(2019, 11, 30))["committed"] == Decimal(50000)
    assert totals(datetime.date(2019, 12, 31))["lines"] == 0


def test_money_by_financer(history):
    rows = asof.commitments_by_financer_as_of(end_of(datetime.date(2019, 12, 31)))
    assert [(r["financer"], r["committed"]) for r in rows] == [
        ("Banque des Territoires", Decimal(50000))
    ]


def test_a_removed_line_s_last_event_keeps_what_a_reconstruction_needs(territory, editor):
    bank = OrganisationFactory(name="Bpifrance", kind="national_operator")
    sheet = ActionSheetFactory(territory=territory)
    line = financing.add_line(sheet, acting_user=editor, financer=bank, amount="1200")
    financing.remove_line(line, acting_user=editor)
    removed = AuditEvent.objects.get(verb="funding.line_removed", object_id=line.pk)
    assert removed.data == {
        "sheet": {"id": sheet.pk, "label": str(sheet)},
        "amount": "1200.00",
        "amount_before": "1200.00",
        "status": "considered",
        "financer": {"id": bank.pk, "label": str(bank)},
        "removed": True,
    }


def test_a_line_removed_since_counts_at_the_dates_it_existed(history, editor, national):
    """The granted line of F9 is removed in 2021: the bilan of 2019 still has it, read
    from the audit log alone; today's has not."""
    from territoires.funding.models import FundingLine

    line = FundingLine.objects.get(amount=50000)
    financing.remove_line(line, acting_user=national)
    before = totals(datetime.date(2019, 12, 31))
    assert (before["committed"], before["funded_sheets"], before["lines"]) == (
        Decimal(50000),
        1,
        1,
    )
    rows = asof.commitments_by_financer_as_of(end_of(datetime.date(2019, 12, 31)))
    assert [(r["financer"], r["committed"]) for r in rows] == [
        ("Banque des Territoires", Decimal(50000))
    ]
    assert totals(datetime.date(2026, 12, 31))["committed"] == 0
    assert totals(datetime.date(2019, 2, 1))["lines"] == 0
