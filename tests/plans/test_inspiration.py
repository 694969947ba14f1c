"""« S'en inspirer »: an éditeur copies a fiche of another territory as a draft fiche of
their own, its provenance kept and shown on both fiches (the copies listed only to those
who may see them), through the plans service, audit-logged."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from territoires.accounts.models import Membership
from territoires.audit.readers import history_of
from territoires.plans import inspiration
from territoires.plans.models import ActionSheet, Status

from ..factories import (
    ActionSheetFactory,
    IndicatorFactory,
    PersonFactory,
    RegionFactory,
    StepFactory,
    TerritoryFactory,
    member,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_territory(db):
    return TerritoryFactory(code="5301", name="Lorient", region=RegionFactory(code="53"))


@pytest.fixture
def source(other_territory):
    sheet = ActionSheetFactory(
        territory=other_territory,
        code="F9",
        title="Offre de formation maintenance industrielle",
        context="Les industriels manquent de techniciens de maintenance.",
        objectives="Ouvrir une formation en alternance.",
        status=Status.VALIDATED,
        budget_total=50000,
    )
    sheet.axis = other_territory.programme.axes.get(code="recruter")
    sheet.save()
    sheet.pilots.add(PersonFactory())
    StepFactory(sheet=sheet, title="Réunir les lycées", done=True)
    IndicatorFactory(sheet=sheet, name="Apprentis formés", unit="personnes", target=12)
    return sheet


def test_the_copy_is_a_restricted_draft_of_my_territory_with_the_source_texts(
    source, territory, editor
):
    copy = inspiration.copy_sheet(source, territory, acting_user=editor, code="F20")

    assert copy.territory == territory and copy.code == "F20"
    assert copy.status == Status.DRAFT and copy.visibility == "restricted"
    assert copy.title == source.title and copy.axis.code == "recruter"
    assert copy.context == source.context and copy.objectives == source.objectives
    assert copy.inspired_by == source
    # What belongs to the source's territory stays there.
    assert copy.budget_total is None and not copy.pilots.exists()
    assert list(copy.steps.values_list("title", "done")) == [("Réunir les lycées", False)]
    assert list(copy.indicators.values_list("name", "unit", "target")) == [
        ("Apprentis formés", "personnes", None)
    ]
    (event,) = history_of(copy)
    assert event.verb == "sheet.created" and event.actor == editor
    assert "Inspirée de la fiche F9 du territoire 5301" in event.comment
    assert event.data["inspired_by"] == {"id": source.pk, "code": "F9", "territory": "5301"}


def test_a_title_of_my_own_and_the_code_rules_of_any_new_fiche(source, territory, editor):
    ActionSheetFactory(territory=territory, code="F1")

    copy = inspiration.copy_sheet(
        source, territory, acting_user=editor, code="F2", title="  Formation   maintenance "
    )
    assert copy.title == "Formation maintenance"
    with pytest.raises(ValidationError) as error:
        inspiration.copy_sheet(source, territory, acting_user=editor, code="F1")
    assert "code" in error.value.message_dict


def test_an_example_stays_an_example(source, territory, editor):
    source.is_example = True
    source.save()

    assert inspiration.copy_sheet(source, territory, acting_user=editor, code="F3").is_example


@pytest.mark.parametrize("role", ["reader", "contributor"])
def test_only_those_who_create_fiches_in_the_destination_copy(source, territory, role):
    user = member(territory, getattr(Membership.Role, role.upper()))

    with pytest.raises(PermissionDenied):
        inspiration.copy_sheet(source, territory, acting_user=user, code="F4")
    assert not ActionSheet.objects.filter(territory=territory).exists()


def test_an_editor_copies_into_their_territory_only(source, territory, other_territory, editor):
    with pytest.raises(PermissionDenied):
        inspiration.copy_sheet(source, other_territory, acting_user=editor, code="F30")


def test_a_fiche_the_user_does_not_see_is_not_copied(source, territory, editor):
    source.visibility = "restricted"
    source.save()

    with pytest.raises(PermissionDenied):
        inspiration.copy_sheet(source, territory, acting_user=editor, code="F5")


def test_destinations_are_where_the_user_creates_fiches(territory, other_territory, editor):
    assert [t.code for t in inspiration.destinations(editor)] == ["4403"]
    member_elsewhere = member(other_territory, Membership.Role.READER)
    assert list(inspiration.destinations(member_elsewhere)) == []


def test_provenance_on_both_fiches_copies_listed_only_to_those_who_see_them(
    source, territory, editor, login
):
    copy = inspiration.copy_sheet(source, territory, acting_user=editor, code="F6")

    copy_page = login(editor).get(copy.get_absolute_url())
    assert 'data-testid="inspired-by"' in copy_page.text
    assert source.get_absolute_url() in copy_page.text

    seen_by_editor = login(editor).get(source.get_absolute_url()).text
    assert 'data-testid="inspired"' in seen_by_editor and copy.get_absolute_url() in seen_by_editor
    # The copy is a restricted draft: the public and other territories do not see it.
    seen_by_public = login().get(source.get_absolute_url()).text
    assert 'data-testid="inspired"' not in seen_by_public
    assert copy.get_absolute_url() not in seen_by_public


def test_a_source_no_longer_visible_is_named_without_its_title(source, territory, editor, login):
    copy = inspiration.copy_sheet(
        source, territory, acting_user=editor, code="F7", title="Nos techniciens"
    )
    ActionSheet.objects.filter(pk=source.pk).update(visibility="restricted")

    page = login(editor).get(copy.get_absolute_url()).text

    assert "qui ne vous est pas accessible" in page and source.title not in page


def test_the_page_copies_and_opens_the_draft_form(source, territory, editor, login):
    url = reverse("plans:sheet_inspire", args=[source.territory.code, source.code])
    client = login(editor)

    form = client.get(url)
    assert form.status_code == 200
    assert 'value="F1"' in form.text  # the next free code of the only destination

    answer = client.post(url, {"territory": "4403", "code": "F1", "title": source.title})
    copy = ActionSheet.objects.get(territory=territory, code="F1")
    assert answer.status_code == 302 and answer.url == reverse(
        "plans:sheet_edit", args=["4403", "F1"]
    )
    assert copy.inspired_by == source


def test_the_page_refuses_a_bad_code_in_french_and_keeps_the_input(source, editor, login):
    url = reverse("plans:sheet_inspire", args=[source.territory.code, source.code])

    answer = login(editor).post(url, {"territory": "4403", "code": "F 1é", "title": "Mon titre"})

    assert answer.status_code == 400
    assert "Mon titre" in answer.text and "fr-error-text" in answer.text
    assert not ActionSheet.objects.filter(inspired_by=source).exists()


def test_the_similar_actions_and_the_catalogue_offer_it_to_editors_only(
    source, territory, editor, reader, login
):
    mine = ActionSheetFactory(territory=territory, title="Formation maintenance des machines")
    url = reverse("plans:sheet_inspire", args=[source.territory.code, source.code])

    assert url in login(editor).get(mine.get_absolute_url()).text
    assert url in login(editor).get(reverse("catalogue:index")).text
    assert url not in login(reader).get(mine.get_absolute_url()).text
    assert url not in login().get(reverse("catalogue:index")).text
