"""Counts read the French way: 0 and 1 take the singular, 2 and more the plural
(core's `french_plural` filter, where Django's `pluralize` wrote « 0 fiches »)."""

import pytest
from django.template import Context, Template
from django.test import Client
from django.urls import reverse

from ..factories import ActionSheetFactory, MeetingFactory, RegistrationFactory, TerritoryFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("count", "expected"),
    [
        (0, "0 fiche"),
        (1, "1 fiche"),
        (2, "2 fiches"),
        (148, "148 fiches"),
        ([], "0 fiche"),
        ([1, 2], "2 fiches"),
    ],
)
def test_a_count_is_singular_below_two(count, expected):
    template = Template("{% load territoires_ui %}fiche{{ n|french_plural }}")
    shown = f"{count if isinstance(count, int) else len(count)} " + template.render(
        Context({"n": count})
    )
    assert shown == expected


def test_the_singular_and_plural_forms_may_both_be_given():
    template = Template('{% load territoires_ui %}régional{{ n|french_plural:"e,es" }}')
    assert [template.render(Context({"n": n})) for n in (0, 1, 3)] == [
        "régionale",
        "régionale",
        "régionales",
    ]


def test_an_empty_territory_shows_0_fiche_and_0_personne():
    territory = TerritoryFactory(code="8401")
    client = Client()
    page = client.get(reverse("territories:detail", args=[territory.code])).content.decode()
    assert "0 fiche." in page and "0 fiches" not in page
    directory = client.get(reverse("directory:index", args=[territory.code])).content.decode()
    assert "(0 personne)" in directory and "0 personnes" not in directory


def test_a_meeting_without_registrants_reads_0_inscrit_then_2_inscrits():
    meeting = MeetingFactory(capacity=None)
    url = reverse("meetings:detail", args=[meeting.territory.code, meeting.pk])
    assert "Sans limite (0 inscrit)" in Client().get(url).content.decode()
    RegistrationFactory(meeting=meeting)
    RegistrationFactory(meeting=meeting)
    assert "Sans limite (2 inscrits)" in Client().get(url).content.decode()


def test_the_plan_table_still_counts_fiches_in_the_plural():
    territory = TerritoryFactory()
    ActionSheetFactory(territory=territory, code="F1")
    ActionSheetFactory(territory=territory, code="F2")
    page = Client().get(reverse("territories:detail", args=[territory.code])).content.decode()
    assert "2 fiches." in page
