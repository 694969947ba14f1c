"""The demo's example financing lines are recorded on their 2019 days (added after the
After Work, each move on its day), as are its example contacts (the morning after it):
« Derniers changements » no longer shows them as made on the day the demo loads, and the
figures of Grand Est agree whatever the day they are read (bilan of today and of the end
of 2019, money view): 20 fiches, 1 with a firm commitment, 40 000 € committed, 160 000 €
requested."""

import datetime
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from territoires.audit.models import AuditEvent
from territoires.funding import money
from territoires.funding.models import FundingLine, FundingTransition
from territoires.organisations.models import Contact
from territoires.referential.models import Region
from territoires.steering.bilan import bilan_as_of

pytestmark = pytest.mark.django_db
LOADED = datetime.date(2020, 1, 1)


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=StringIO())


def test_the_example_lines_and_contacts_are_recorded_in_2019(demo):
    lines = list(FundingLine.objects.filter(is_example=True).order_by("pk"))
    assert len(lines) == 3
    events = AuditEvent.objects.filter(
        object_type="funding.fundingline", object_id__in=[line.pk for line in lines]
    )
    assert events.count() == 6
    assert all(event.at.date() < LOADED for event in events)
    transitions = FundingTransition.objects.filter(line__in=lines)
    assert sorted(t.at.date().isoformat() for t in transitions) == [
        "2019-10-01",
        "2019-11-04",
        "2019-12-02",
    ]
    for line in lines:
        added = events.filter(object_id=line.pk, verb="funding.line_added").get()
        assert line.created_at == added.at
        assert added.at <= min(
            (t.at for t in transitions if t.line_id == line.pk), default=added.at
        )
    contacts = Contact.objects.filter(person__is_example=True)
    assert contacts.exists()
    contact_events = AuditEvent.objects.filter(
        object_type="organisations.contact", object_id__in=contacts.values("pk")
    )
    assert contact_events.exists()
    assert all(event.at.date() < LOADED for event in contact_events)


def test_grand_est_figures_agree_today_and_at_the_end_of_2019(demo):
    grand_est = Region.objects.get(code="44")
    today = bilan_as_of(timezone.localdate(), region=grand_est).total
    end_of_2019 = bilan_as_of(datetime.date(2019, 12, 31), region=grand_est).total
    view = money.money_view(
        money.lines_of(list(grand_est.territories.values_list("pk", flat=True)))
    )
    assert (today.actions, today.funded_actions) == (20, 1)
    assert (today.committed, today.requested) == (Decimal("40000"), Decimal("160000"))
    assert (end_of_2019.committed, end_of_2019.requested) == (today.committed, today.requested)
    assert (view.total.committed, view.total.requested) == (today.committed, today.requested)
    assert len(view.committed_sheets) == 1
