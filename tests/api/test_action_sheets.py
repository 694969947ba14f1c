"""Fiches action through the API: visibility, detail, partial update, workflow, history."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from territoires.accounts.models import Membership
from territoires.audit.readers import history_of
from territoires.plans import services
from territoires.plans.models import (
    ActionSheet,
    Document,
    Indicator,
    Link,
    Status,
    StatusTransition,
    Step,
    Tag,
    Visibility,
)

from ..factories import ActionSheetFactory, OrganisationFactory, PersonFactory, TerritoryFactory
from .conftest import bearer

pytestmark = pytest.mark.django_db

LIST_URL = "/api/v1/action-sheets/"


def detail_url(sheet):
    return f"{LIST_URL}{sheet.pk}/"


def history_url(sheet):
    return f"{LIST_URL}{sheet.pk}/history/"


def codes(response):
    return {(item["territory"]["code"], item["code"]) for item in response.json()["items"]}


def patch(client, sheet, user, body, **headers):
    return client.patch(
        detail_url(sheet),
        body,
        content_type="application/json",
        HTTP_AUTHORIZATION=bearer(user),
        **headers,
    )


# Visibility --------------------------------------------------------------------------


def test_anonymous_lists_only_public_fiches(api_client, world):
    response = api_client.get(LIST_URL)

    assert response.status_code == 200
    assert codes(response) == {("4403", "F1"), ("5301", "F1")}
    assert response.json()["count"] == 2


def test_anonymous_gets_404_on_a_restricted_fiche(api_client, world):
    response = api_client.get(detail_url(world.restricted_a))

    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_anonymous_may_not_read_the_history_of_a_public_fiche(api_client, world):
    response = api_client.get(history_url(world.public_a))

    assert response.status_code == 403
    assert response.json()["error"]["code"] == "forbidden"


def test_member_of_a_lists_a_restricted_fiche_but_not_b_restricted_one(api_client, world, reader_a):
    response = api_client.get(LIST_URL, HTTP_AUTHORIZATION=bearer(reader_a))

    assert codes(response) == {("4403", "F1"), ("4403", "F2"), ("5301", "F1")}


def test_member_of_a_reads_a_restricted_fiche_and_its_history(api_client, world, reader_a):
    header = bearer(reader_a)

    detail = api_client.get(detail_url(world.restricted_a), HTTP_AUTHORIZATION=header)
    history = api_client.get(history_url(world.restricted_a), HTTP_AUTHORIZATION=header)

    assert detail.status_code == 200
    assert detail.json()["visibility"] == "restricted"
    assert history.status_code == 200


def test_member_of_a_gets_404_on_b_restricted_fiche_detail_and_history(api_client, world, reader_a):
    header = bearer(reader_a)

    detail = api_client.get(detail_url(world.restricted_b), HTTP_AUTHORIZATION=header)
    history = api_client.get(history_url(world.restricted_b), HTTP_AUTHORIZATION=header)
    missing = api_client.get(f"{LIST_URL}999999/", HTTP_AUTHORIZATION=header)

    assert detail.status_code == history.status_code == 404
    # Same answer as a fiche that does not exist: nothing reveals that it does.
    assert detail.json() == history.json() == missing.json()


def test_editor_of_a_may_not_patch_b_restricted_fiche(api_client, world, editor_a):
    response = patch(api_client, world.restricted_b, editor_a, {"version": 1, "title": "Vol"})

    assert response.status_code == 404
    world.restricted_b.refresh_from_db()
    assert world.restricted_b.title == "Friche portuaire"


def test_deleted_fiche_is_404_and_absent_from_the_list(api_client, world, reader_a):
    editor = world.member(world.territory_a, Membership.Role.EDITOR)
    services.delete_sheet(world.public_a, acting_user=editor)
    header = bearer(reader_a)

    listed = api_client.get(LIST_URL, HTTP_AUTHORIZATION=header)
    detail = api_client.get(detail_url(world.public_a), HTTP_AUTHORIZATION=header)
    anonymous = api_client.get(detail_url(world.public_a))

    assert ("4403", "F1") not in codes(listed)
    assert detail.status_code == anonymous.status_code == 404


# Filters and search -------------------------------------------------------------------


def test_list_filters_by_territory_axis_and_status(api_client, world, reader_a):
    innover = world.territory_a.programme.axes.get(code="innover")
    ActionSheetFactory(territory=world.territory_a, code="F3", axis=innover, status=Status.PROPOSED)
    header = bearer(reader_a)

    by_territory = api_client.get(LIST_URL, {"territory": "4403"}, HTTP_AUTHORIZATION=header)
    by_axis = api_client.get(LIST_URL, {"axis": "innover"}, HTTP_AUTHORIZATION=header)
    by_status = api_client.get(LIST_URL, {"status": "proposed"}, HTTP_AUTHORIZATION=header)

    assert codes(by_territory) == {("4403", "F1"), ("4403", "F2"), ("4403", "F3")}
    assert codes(by_axis) == {("4403", "F3")}
    assert codes(by_status) == {("4403", "F3")}


def test_unknown_status_filter_is_422_with_the_field(api_client, world):
    response = api_client.get(LIST_URL, {"status": "lost"})

    assert response.status_code == 422
    assert "status" in response.json()["error"]["details"]["fields"]


def test_text_search_finds_fiches_by_title_within_what_the_caller_sees(api_client, world, reader_a):
    anonymous = api_client.get(LIST_URL, {"q": "foncier"})
    member = api_client.get(LIST_URL, {"q": "foncier"}, HTTP_AUTHORIZATION=bearer(reader_a))

    assert codes(anonymous) == set()  # "Foncier économique" is restricted to territory A
    assert codes(member) == {("4403", "F2")}


def test_text_search_matches_a_public_fiche_for_anonymous(api_client, world):
    response = api_client.get(LIST_URL, {"q": "métiers mer"})

    assert codes(response) == {("5301", "F1")}


# Detail ---------------------------------------------------------------------------------


def test_detail_carries_the_whole_fiche(api_client, world, reader_a):
    sheet = world.restricted_a
    lead = OrganisationFactory(name="Nogentech")
    partner = OrganisationFactory(name="Banque des Territoires")
    pilot = PersonFactory(first_name="Claire", last_name="Petit", organisation=lead)
    presenter = PersonFactory(first_name="Marc", last_name="Roux")
    ActionSheet.objects.filter(pk=sheet.pk).update(
        lead_organisation=lead,
        presenter=presenter,
        context="Peu de terrains disponibles.",
        budget_total=Decimal("120000.00"),
        budget_investment=Decimal("100000.00"),
        start_date=datetime.date(2019, 9, 9),
        end_date=datetime.date(2020, 1, 31),
        status=Status.VALIDATED,
    )
    sheet.pilots.add(pilot)
    sheet.partners.add(partner)
    sheet.tags.add(Tag.objects.create(name="foncier"))
    sheet.related_sheets.add(world.public_a)
    Step.objects.create(sheet=sheet, title="Inventaire des friches", position=0)
    Indicator.objects.create(sheet=sheet, name="Hectares", unit="ha", target=Decimal("12"))
    Link.objects.create(sheet=sheet, title="Article", url="https://example.org/after-work")
    Document.objects.create(
        sheet=sheet,
        title="Plan de financement",
        kind=Document.Kind.BUDGET,
        file=SimpleUploadedFile("plan.pdf", b"%PDF-1.4"),
        size=8,
    )

    response = api_client.get(detail_url(sheet), HTTP_AUTHORIZATION=bearer(reader_a))

    assert response.status_code == 200
    body = response.json()
    assert response["ETag"] == f'"{body["version"]}"'
    assert body["territory"] == {"code": "4403", "name": "Chaumont-Langres"}
    assert body["axis"]["code"] == "attirer"
    assert (body["status"], body["status_label"]) == ("validated", "Validée")
    assert body["is_late"] is True  # ended in January 2020, not done
    assert body["lead_organisation"]["name"] == "Nogentech"
    assert body["presenter"]["name"] == "Marc Roux"
    assert body["pilots"] == [
        {"id": pilot.pk, "name": "Claire Petit", "job_title": "", "organisation": "Nogentech"}
    ]
    assert [p["name"] for p in body["partners"]] == ["Banque des Territoires"]
    assert body["tags"] == ["foncier"]
    assert [s["code"] for s in body["related_sheets"]] == ["F1"]
    assert body["steps"] == [{"title": "Inventaire des friches", "due_on": None, "done": False}]
    assert body["indicators"][0]["name"] == "Hectares"
    assert Decimal(body["indicators"][0]["target"]) == Decimal("12")
    assert body["links"] == [{"title": "Article", "url": "https://example.org/after-work"}]
    assert body["documents"][0]["title"] == "Plan de financement"
    assert body["documents"][0]["filename"].endswith(".pdf")
    assert body["documents"][0]["size"] == 8
    assert Decimal(body["budget_total"]) == Decimal("120000")
    assert body["start_date"] == "2019-09-09"
    assert body["can_edit"] is False  # a reader
    assert body["transitions"] == []


def test_detail_hides_related_fiches_the_caller_may_not_see(api_client, world):
    world.public_a.related_sheets.add(world.restricted_a)

    response = api_client.get(detail_url(world.public_a))

    assert response.json()["related_sheets"] == []


def test_detail_lists_the_transitions_the_editor_may_apply(api_client, world, editor_a):
    response = api_client.get(detail_url(world.public_a), HTTP_AUTHORIZATION=bearer(editor_a))

    body = response.json()
    assert body["can_edit"] is True
    assert {t["status"] for t in body["transitions"]} == {"proposed", "abandoned"}


# Queries --------------------------------------------------------------------------------


def _list_queries(client, user, territory, how_many):
    lead = OrganisationFactory()
    tag = Tag.objects.create(name=f"tag-{how_many}")
    for _ in range(how_many):
        sheet = ActionSheetFactory(
            territory=territory, visibility=Visibility.RESTRICTED, lead_organisation=lead
        )
        sheet.tags.add(tag)
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(LIST_URL, {"territory": territory.code, "page_size": 100})
    assert response.status_code == 200
    assert response.json()["count"] == how_many
    return len(queries)


def test_list_runs_the_same_number_of_queries_for_3_and_30_fiches(api_client, world):
    small = TerritoryFactory(code="9901")
    large = TerritoryFactory(code="9902")
    user = world.member(small)
    Membership.objects.create(user=user, territory=large, role=Membership.Role.READER)

    with_3 = _list_queries(api_client, user, small, 3)
    with_30 = _list_queries(api_client, user, large, 30)

    assert with_3 == with_30


def test_history_runs_the_same_number_of_queries_whatever_its_length(api_client, world, editor_a):
    api_client.force_login(editor_a)

    def count(sheet):
        with CaptureQueriesContext(connection) as queries:
            response = api_client.get(history_url(sheet))
        assert response.status_code == 200
        return len(queries), response.json()["count"]

    short = ActionSheetFactory(territory=world.territory_a, code="F10")
    long = ActionSheetFactory(territory=world.territory_a, code="F11")
    for version, title in enumerate(("Un", "Deux", "Trois", "Quatre", "Cinq"), start=1):
        services.update_sheet(
            long, acting_user=editor_a, expected_version=version, fields={"title": title}
        )
    services.update_sheet(short, acting_user=editor_a, expected_version=1, fields={"title": "Seul"})

    short_queries, short_count = count(short)
    long_queries, long_count = count(long)
    assert (short_count, long_count) == (1, 5)
    assert short_queries == long_queries


# PATCH ----------------------------------------------------------------------------------


def test_patch_by_a_reader_is_403_and_writes_nothing(api_client, world, reader_a):
    response = patch(api_client, world.restricted_a, reader_a, {"version": 1, "title": "Non"})

    assert response.status_code == 403
    error = response.json()["error"]
    assert error["code"] == "forbidden"
    assert error["message"] == "Vous ne pouvez pas modifier cette fiche."
    world.restricted_a.refresh_from_db()
    assert (world.restricted_a.title, world.restricted_a.version) == ("Foncier économique", 1)


def test_patch_by_an_editor_updates_the_fiche_and_records_history(api_client, world, editor_a):
    sheet = world.restricted_a
    response = patch(
        api_client,
        sheet,
        editor_a,
        {
            "version": 1,
            "title": "Foncier et friches industrielles",
            "budget_total": "50000.00",
            "steps": [{"title": "Recenser les friches", "due_on": "2020-03-31"}],
            "comment": "Retour de l'After Work",
        },
    )

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["title"] == "Foncier et friches industrielles"
    assert body["version"] == 2
    assert response["ETag"] == '"2"'
    assert body["steps"] == [
        {"title": "Recenser les friches", "due_on": "2020-03-31", "done": False}
    ]
    record = history_of(sheet).get(verb="sheet.updated")
    assert record.actor == editor_a
    assert record.version == 2
    assert record.comment == "Retour de l'After Work"
    assert {c["field"] for c in record.changes} == {"title", "budget_total", "steps"}

    history = api_client.get(history_url(sheet), HTTP_AUTHORIZATION=bearer(editor_a)).json()
    assert history["items"][0]["action"] == "updated"
    assert history["items"][0]["version"] == 2
    changed_title = next(c for c in history["items"][0]["changes"] if c["field"] == "title")
    assert changed_title["old"] == "Foncier économique"
    assert changed_title["new"] == "Foncier et friches industrielles"


def test_patch_accepts_the_version_in_the_if_match_header(api_client, world, editor_a):
    response = patch(
        api_client,
        world.public_a,
        editor_a,
        {"objectives": "Dix recrutements"},
        HTTP_IF_MATCH='"1"',
    )

    assert response.status_code == 200
    assert response.json()["objectives"] == "Dix recrutements"


def test_patch_without_version_is_422_and_writes_nothing(api_client, world, editor_a):
    response = patch(api_client, world.public_a, editor_a, {"title": "Sans version"})

    assert response.status_code == 422
    assert "version" in response.json()["error"]["details"]["fields"]
    world.public_a.refresh_from_db()
    assert world.public_a.title == "Attirer des talents industriels"


def test_stale_patch_is_409_with_the_current_version_and_writes_nothing(
    api_client, world, editor_a
):
    sheet = world.public_a
    services.update_sheet(
        sheet, acting_user=editor_a, expected_version=1, fields={"title": "Plus récent"}
    )
    records_before = history_of(sheet).count()

    response = patch(api_client, sheet, editor_a, {"version": 1, "title": "Ancienne copie"})

    assert response.status_code == 409
    error = response.json()["error"]
    assert error["code"] == "conflict"
    assert error["details"]["current_version"] == 2
    assert "modifiée entre-temps" in error["message"]
    sheet.refresh_from_db()
    assert (sheet.title, sheet.version) == ("Plus récent", 2)
    assert history_of(sheet).count() == records_before


def test_patch_with_invalid_dates_is_422_with_the_french_field_error(api_client, world, editor_a):
    response = patch(
        api_client,
        world.public_a,
        editor_a,
        {"version": 1, "start_date": "2020-06-01", "end_date": "2020-01-01"},
    )

    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "validation_error"
    assert error["details"]["fields"]["end_date"] == ["La date de fin précède la date de début."]
    world.public_a.refresh_from_db()
    assert world.public_a.version == 1


def test_patch_with_bad_types_or_unknown_fields_is_422_in_french(api_client, world, editor_a):
    response = patch(
        api_client,
        world.public_a,
        editor_a,
        {
            "version": 1,
            "start_date": "bientôt",
            "territory": "5301",
            "links": [{"title": "Lien", "url": "pas une adresse"}],
        },
    )

    assert response.status_code == 422
    fields = response.json()["error"]["details"]["fields"]
    assert fields["start_date"] == ["Une date AAAA-MM-JJ est attendue."]
    assert fields["territory"] == ["Ce champ n'existe pas ou ne peut pas être modifié."]
    assert fields["links.0.url"] == ["Adresse web invalide (http:// ou https://)."]


def test_patch_with_unknown_references_is_422(api_client, world, editor_a):
    response = patch(
        api_client,
        world.public_a,
        editor_a,
        {"version": 1, "axis": "voler", "pilots": [987654], "tags": ["inconnu"]},
    )

    assert response.status_code == 422
    fields = response.json()["error"]["details"]["fields"]
    # A new tag name is not an unknown reference: it would create the tag (see
    # test_tag_visibility.py), but the refused PATCH creates nothing.
    assert set(fields) == {"axis", "pilots"}
    assert not Tag.objects.filter(name="inconnu").exists()


def test_patch_status_moves_the_fiche_along_its_workflow(api_client, world, editor_a):
    response = patch(
        api_client,
        world.public_a,
        editor_a,
        {"version": 1, "status": "proposed", "status_comment": "Prête pour l'After Work"},
    )

    assert response.status_code == 200, response.content
    assert (response.json()["status"], response.json()["status_label"]) == ("proposed", "Proposée")
    move = StatusTransition.objects.get(sheet=world.public_a)
    assert (move.from_status, move.to_status, move.by) == ("draft", "proposed", editor_a)
    assert move.comment == "Prête pour l'After Work"


def test_invalid_transition_is_refused_with_the_french_message_and_writes_nothing(
    api_client, world, editor_a
):
    response = patch(
        api_client,
        world.public_a,
        editor_a,
        {"version": 1, "title": "Validée d'office", "status": "done"},
    )

    assert response.status_code == 409
    error = response.json()["error"]
    assert error["code"] == "conflict"
    assert error["message"].startswith(
        "Une fiche « Brouillon » ne peut pas passer au statut « Réalisée »."
    )
    world.public_a.refresh_from_db()
    assert (world.public_a.title, world.public_a.status, world.public_a.version) == (
        "Attirer des talents industriels",
        "draft",
        1,
    )


def test_unknown_status_in_patch_is_422(api_client, world, editor_a):
    response = patch(api_client, world.public_a, editor_a, {"version": 1, "status": "envolée"})

    assert response.status_code == 422
    assert response.json()["error"]["message"] == "Statut inconnu : « envolée »."


def test_validation_transition_needs_a_validator(api_client, world):
    contributor = world.member(world.territory_a, Membership.Role.CONTRIBUTOR)
    person = PersonFactory(user=contributor)
    sheet = world.public_a
    sheet.pilots.add(person)
    ActionSheet.objects.filter(pk=sheet.pk).update(status=Status.PRESENTED)

    response = patch(api_client, sheet, contributor, {"version": 1, "status": "validated"})

    assert response.status_code == 403
    assert "Valider la fiche" in response.json()["error"]["message"]
    sheet.refresh_from_db()
    assert sheet.status == Status.PRESENTED


def test_patch_with_a_pilot_outside_the_territory_directory_is_422(api_client, world, editor_a):
    from territoires.organisations.models import GovernanceRole

    insider = PersonFactory(last_name="Annuaire")
    GovernanceRole.objects.create(territory=world.territory_a, person=insider, role="other")
    outsider = PersonFactory(last_name="Ailleurs")
    sheet = world.restricted_a

    refused = patch(api_client, sheet, editor_a, {"version": 1, "pilots": [outsider.pk]})

    assert refused.status_code == 422
    assert refused.json()["error"]["details"]["fields"]["pilots"] == [
        "Pilotes : choisissez parmi l'annuaire du territoire (une personne choisie n'y figure pas)."
    ]
    assert not sheet.pilots.exists()
    accepted = patch(api_client, sheet, editor_a, {"version": 1, "pilots": [insider.pk]})
    assert accepted.status_code == 200, accepted.content
    assert list(sheet.pilots.all()) == [insider]
