"""The directory's services: people with roles, partners, their checks and refusals."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from territoires.organisations import services
from territoires.organisations.models import GovernanceRole, Organisation, Partnership, Person

from ..factories import (
    GovernanceRoleFactory,
    OrganisationFactory,
    PartnershipFactory,
    PersonFactory,
    member,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def add_christine(territory, user, **overrides):
    fields = {
        "role": "elected_pilot",
        "first_name": " Christine ",
        "last_name": "Guillemy",
        "job_title": "Vice-présidente de l'agglomération",
        "email": "c.guillemy@agglo-chaumont.fr",
        "phone": "03 25 00 00 00",
    }
    fields.update(overrides)
    return services.add_person_to_directory(territory, acting_user=user, **fields)


# People and roles ----------------------------------------------------------------------


def test_editor_adds_a_person_with_a_role_and_a_partner_organisation(territory, editor, nogentech):
    seat = add_christine(territory, editor, organisation=nogentech, note="Élue référente")

    person = seat.person
    assert (person.first_name, person.last_name, person.job_title) == (
        "Christine",
        "Guillemy",
        "Vice-présidente de l'agglomération",
    )
    assert (person.email, person.phone, person.organisation) == (
        "c.guillemy@agglo-chaumont.fr",
        "03 25 00 00 00",
        nogentech,
    )
    assert (seat.territory, seat.role, seat.note, seat.until) == (
        territory,
        "elected_pilot",
        "Élue référente",
        None,
    )
    assert list(services.directory_people(territory)) == [person]


def test_a_new_organisation_is_created_on_the_fly_with_its_siren(territory, editor):
    seat = add_christine(
        territory,
        editor,
        new_organisation={
            "name": "Agglomération de Chaumont",
            "kind": "local_authority",
            "siren": "200 068 658",
        },
    )

    organisation = seat.person.organisation
    assert (organisation.name, organisation.kind, organisation.siren) == (
        "Agglomération de Chaumont",
        "local_authority",
        "200068658",
    )
    # It is now one of the territory's organisations, offered for the next people.
    assert organisation in services.directory_organisations(territory)


def test_a_wrong_siren_on_the_fly_writes_nothing(territory, editor):
    with pytest.raises(ValidationError) as caught:
        add_christine(
            territory,
            editor,
            new_organisation={"name": "Agglo", "kind": "local_authority", "siren": "123456789"},
        )

    assert "SIREN invalide" in caught.value.message_dict["new_organisation_siren"][0]
    assert not Person.objects.exists() and not Organisation.objects.exists()


def test_a_person_needs_a_name_and_a_valid_email(territory, editor):
    with pytest.raises(ValidationError) as caught:
        add_christine(territory, editor, first_name=" ", last_name="")
    assert caught.value.message_dict["last_name"] == ["Indiquez au moins le nom ou le prénom."]
    with pytest.raises(ValidationError) as caught:
        add_christine(territory, editor, email="pas-une-adresse")
    assert "email" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        add_christine(territory, editor, role="president")
    assert caught.value.message_dict["role"] == ["Choisissez un rôle dans la liste."]
    assert not Person.objects.exists()


def test_an_organisation_of_another_territory_is_refused(territory, other_territory, editor):
    foreign = OrganisationFactory(name="Entreprise vosgienne")
    PartnershipFactory(territory=other_territory, organisation=foreign)

    with pytest.raises(ValidationError) as caught:
        add_christine(territory, editor, organisation=foreign)

    assert "organisation du territoire" in caught.value.message_dict["organisation"][0]
    assert not Person.objects.exists()


def test_the_same_role_twice_is_refused_but_an_ended_one_is_reopened(territory, editor):
    seat = add_christine(territory, editor)
    person = seat.person
    with pytest.raises(ValidationError, match="déjà « Binôme – élu »"):
        services.give_role(territory, person, acting_user=editor, role="elected_pilot")

    committee = services.give_role(territory, person, acting_user=editor, role="project_committee")
    services.end_role(seat, acting_user=editor)
    again = services.give_role(
        territory, person, acting_user=editor, role="elected_pilot", note="Réélue"
    )

    assert again.pk == seat.pk and again.until is None and again.note == "Réélue"
    assert sorted(GovernanceRole.objects.values_list("role", flat=True)) == [
        "elected_pilot",
        "project_committee",
    ]
    assert committee.person == person


def test_give_role_only_to_people_of_the_directory(territory, other_territory, editor):
    stranger = GovernanceRoleFactory(territory=other_territory).person

    with pytest.raises(ValidationError, match="pas dans l'annuaire"):
        services.give_role(territory, stranger, acting_user=editor, role="other")


def test_ending_a_role_removes_the_person_from_the_current_directory(territory, editor):
    seat = add_christine(territory, editor, since=datetime.date(2019, 1, 15))

    services.end_role(seat, acting_user=editor)

    seat.refresh_from_db()
    assert seat.until == TODAY
    assert list(services.directory_people(territory)) == []
    assert list(services.directory_people(territory, include_ended=True)) == [seat.person]
    with pytest.raises(ValidationError, match="déjà pris fin"):
        services.end_role(seat, acting_user=editor)


def test_a_role_cannot_end_before_it_started(territory, editor):
    seat = add_christine(territory, editor, since=datetime.date(2019, 1, 15))

    with pytest.raises(ValidationError) as caught:
        services.end_role(seat, acting_user=editor, until=datetime.date(2018, 12, 31))

    assert "précéder" in caught.value.message_dict["until"][0]
    seat.refresh_from_db()
    assert seat.until is None


def test_change_a_role_and_refuse_a_role_already_held(territory, editor, nogentech):
    seat = add_christine(territory, editor)
    services.give_role(territory, seat.person, acting_user=editor, role="project_committee")

    services.change_role(
        seat,
        acting_user=editor,
        role="industrial_pilot",
        organisation=nogentech,
        note="Pour le cluster",
    )
    seat.refresh_from_db()
    assert (seat.role, seat.organisation, seat.note) == (
        "industrial_pilot",
        nogentech,
        "Pour le cluster",
    )
    with pytest.raises(ValidationError) as caught:
        services.change_role(seat, acting_user=editor, role="project_committee")
    assert "déjà le rôle « Membre du comité de projet »" in caught.value.message_dict["role"][0]


def test_update_person_keeps_the_current_organisation_offered(territory, editor):
    elsewhere = OrganisationFactory(name="Ancienne entreprise")
    person = PersonFactory(organisation=elsewhere)
    GovernanceRoleFactory(territory=territory, person=person, role="other")

    services.update_person(
        person,
        acting_user=editor,
        territory=territory,
        first_name="Jean-Joseph",
        last_name="Philippon",
        email="jj@example.org",
        organisation=elsewhere,
    )

    person.refresh_from_db()
    assert (person.full_name, person.email, person.organisation) == (
        "Jean-Joseph Philippon",
        "jj@example.org",
        elsewhere,
    )


# Partners ------------------------------------------------------------------------------


def test_add_an_existing_organisation_as_partner_once(territory, editor):
    bpi = OrganisationFactory(name="Bpifrance", kind="national_operator", siren="542065479")

    partnership = services.add_partner(
        territory, bpi, acting_user=editor, description=" Financeur "
    )

    assert (partnership.territory, partnership.description) == (territory, "Financeur")
    with pytest.raises(ValidationError, match="déjà partenaire"):
        services.add_partner(territory, bpi, acting_user=editor)
    assert Partnership.objects.count() == 1


@pytest.mark.parametrize(
    "numbers, field, message",
    [
        ({"siren": "123456789"}, "siren", "SIREN invalide"),
        ({"siren": "12345"}, "siren", "SIREN invalide"),
        ({"siren": "abcdefghi"}, "siren", "SIREN invalide"),
        ({"siret": "73282932000075"}, "siret", "SIRET invalide"),
        ({"siren": "552081317", "siret": "73282932000074"}, "siret", "commencer par le SIREN"),
    ],
)
def test_new_partner_siren_and_siret_are_checked(territory, editor, numbers, field, message):
    with pytest.raises(ValidationError) as caught:
        services.add_new_partner(
            territory, acting_user=editor, name="STEF Transport Langres", kind="company", **numbers
        )

    assert message in " ".join(caught.value.message_dict[field])
    assert not Organisation.objects.exists() and not Partnership.objects.exists()


def test_new_partner_with_a_valid_siret_gets_its_siren(territory, editor):
    partnership = services.add_new_partner(
        territory,
        acting_user=editor,
        name="STEF Transport Langres",
        kind="company",
        siret="732 829 320 00074",
        city="Langres",
        description="Hôte de l'After Work",
    )

    organisation = partnership.organisation
    assert (organisation.siren, organisation.siret, organisation.city) == (
        "732829320",
        "73282932000074",
        "Langres",
    )


def test_a_known_siren_or_siret_is_not_created_twice(territory, editor):
    OrganisationFactory(name="Grand Langres", siren="200072999")
    OrganisationFactory(name="STEF", siret="73282932000074", siren="732829320")

    with pytest.raises(ValidationError) as caught:
        services.add_new_partner(
            territory,
            acting_user=editor,
            name="CC Grand Langres",
            kind="local_authority",
            siren="200072999",
        )
    assert "« Grand Langres »" in caught.value.message_dict["siren"][0]
    with pytest.raises(ValidationError) as caught:
        services.add_new_partner(
            territory, acting_user=editor, name="STEF bis", kind="company", siret="73282932000074"
        )
    assert "« STEF »" in caught.value.message_dict["siret"][0]
    assert Organisation.objects.count() == 2


def test_remove_a_partner_keeps_the_organisation(territory, editor, nogentech):
    partnership = Partnership.objects.get(territory=territory, organisation=nogentech)

    services.remove_partner(partnership, acting_user=editor)

    assert not Partnership.objects.exists()
    assert Organisation.objects.filter(pk=nogentech.pk).exists()


def test_search_by_name_or_siren_leaves_out_current_partners(territory, nogentech):
    bpi = OrganisationFactory(name="Bpifrance Grand Est", siren="542065479")
    OrganisationFactory(name="Banque des Territoires", siren="130005481")

    assert services.search_organisations("bpifrance", territory=territory) == [bpi]
    assert services.search_organisations("542 065", territory=territory) == [bpi]
    assert services.search_organisations("Nogentech", territory=territory) == []
    assert services.search_organisations("a", territory=territory) == []


# Who may write --------------------------------------------------------------------------


@pytest.mark.parametrize("actor", ["reader", "contributor", "region_officer", "outsider"])
def test_readers_contributors_and_scopes_cannot_change_the_directory(
    request, territory, nogentech, actor
):
    if actor == "outsider":
        from ..factories import UserFactory

        user = UserFactory()
    else:
        user = request.getfixturevalue(actor)
    seat = GovernanceRoleFactory(territory=territory, role="other")
    partnership = Partnership.objects.get(organisation=nogentech)
    writes = [
        lambda: add_christine(territory, user),
        lambda: services.give_role(
            territory, seat.person, acting_user=user, role="project_committee"
        ),
        lambda: services.change_role(seat, acting_user=user, role="project_manager"),
        lambda: services.end_role(seat, acting_user=user),
        lambda: services.add_partner(territory, OrganisationFactory(), acting_user=user),
        lambda: services.add_new_partner(territory, acting_user=user, name="X", kind="company"),
        lambda: services.remove_partner(partnership, acting_user=user),
        lambda: services.update_person(
            seat.person, acting_user=user, territory=territory, first_name="A", last_name="B"
        ),
    ]
    for write in writes:
        with pytest.raises(PermissionDenied):
            write()
    seat.refresh_from_db()
    assert (seat.role, seat.until) == ("other", None)
    assert Partnership.objects.filter(territory=territory).count() == 1
    assert GovernanceRole.objects.count() == 1


def test_admin_and_national_team_manage_the_directory(territory, admin, national):
    add_christine(territory, admin)
    seat = add_christine(
        territory,
        national,
        role="industrial_pilot",
        first_name="Delphine",
        last_name="Descorne-Jeanny",
        email="",
    )
    assert seat.role == "industrial_pilot"
    assert services.directory_people(territory).count() == 2


def test_a_person_is_edited_from_any_territory_where_they_hold_a_role(
    territory, other_territory, editor
):
    person = PersonFactory(last_name="Ruel")
    GovernanceRoleFactory(territory=territory, person=person, role="project_committee")
    other_editor = member(other_territory, "editor")

    with pytest.raises(PermissionDenied):
        services.update_person(
            person,
            acting_user=other_editor,
            territory=other_territory,
            first_name="",
            last_name="X",
        )
    GovernanceRoleFactory(territory=other_territory, person=person, role="other")
    services.update_person(
        person,
        acting_user=other_editor,
        territory=other_territory,
        first_name="Marie-José",
        last_name="Ruel",
    )
    person.refresh_from_db()
    assert person.full_name == "Marie-José Ruel"
