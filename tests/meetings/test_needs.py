"""The besoins view: fiches × needs of the companies' feedback, for the territory."""

import pytest
from django.urls import reverse
from django.utils import timezone

from territoires.accounts.models import Membership
from territoires.meetings import feedback, services

from ..factories import ActionSheetFactory, MeetingFactory, TerritoryFactory, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def answered(territory, editor):
    meeting = MeetingFactory(territory=territory, date=timezone.localdate())
    f8 = ActionSheetFactory(territory=territory, code="F8", title="Métiers")
    f9 = ActionSheetFactory(territory=territory, code="F9", title="Formation maintenance")
    services.set_agenda(
        meeting,
        acting_user=editor,
        expected_version=1,
        items=[{"title": "Fiches", "sheets": [(f8, None), (f9, None)]}],
    )
    for n, (sheet, needs) in enumerate(
        [(f8, ["recruitment", "training"]), (f8, ["recruitment"]), (f9, ["training"])]
    ):
        feedback.give_feedback(
            meeting,
            sheet,
            acting_user=None,
            first_name="A",
            last_name=f"B{n}",
            email=f"b{n}@usine.example",
            organisation_name="Usine",
            interest="interested",
            needs=needs,
        )
    return territory


def test_the_matrix_counts_each_need_per_fiche(client, answered, reader):
    client.force_login(reader)
    response = client.get(reverse("meetings:needs", args=[answered.code]))
    context = response.context
    rows = {row["sheet"].code: (row["answers"], row["cells"][:2]) for row in context["rows"]}
    assert rows == {"F8": (2, [2, 1]), "F9": (1, [0, 1])}
    assert context["totals"][:2] == [("Recrutement", 2), ("Formation", 2)]
    body = response.content.decode()
    assert 'aria-label="Recrutement : 2"' in body and "F9</a> Formation maintenance" in body


def test_the_matrix_is_for_the_territory(client, answered):
    url = reverse("meetings:needs", args=[answered.code])
    assert client.get(url).status_code == 302
    client.force_login(member(TerritoryFactory(code="5301"), Membership.Role.EDITOR))
    assert client.get(url).status_code == 403
