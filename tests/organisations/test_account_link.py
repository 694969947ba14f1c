"""A directory person and a user account are the same human: invitations link or add the
person, the directory links a new person to the member with the same address, an
administrator matches a member to a person, and a contributeur then edits the fiches
their person pilots."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from territoires.accounts.mail import password_set_link
from territoires.accounts.models import Membership, User
from territoires.audit.models import AuditEvent
from territoires.organisations import services
from territoires.organisations.models import GovernanceRole, Person
from territoires.plans.models import ActionSheet

from ..factories import ActionSheetFactory, GovernanceRoleFactory, PersonFactory, UserFactory
from ..plans.test_views_form import edit_data

pytestmark = pytest.mark.django_db


def members_url(name, territory, **kwargs):
    return reverse(f"accounts:{name}", kwargs={"territory_code": territory.code, **kwargs})


def directory_url(name, territory, *args):
    return reverse(f"directory:{name}", args=[territory.code, *args])


def test_invited_contributor_made_pilot_edits_the_fiche(territory, admin, editor, login):
    """The whole story of issue 5: invite, accept, add to the directory with the same
    address (other letter case), make pilot, edit."""
    sheet = ActionSheetFactory(territory=territory, code="F10", title="Plateforme logistique")

    # The administrator invites an address nobody uses, without a name.
    response = login(admin).post(
        members_url("territory_member_add", territory),
        {"email": "Claire.Petit@Example.org", "role": Membership.Role.CONTRIBUTOR},
    )
    assert response.status_code == 302
    invited = User.objects.get(email="claire.petit@example.org")

    # The invited person chooses a password through the emailed link.
    anonymous = login()
    link = password_set_link(invited, base_url="http://testserver")
    form_url = anonymous.get(link).url
    response = anonymous.post(
        form_url,
        {
            "new_password1": "Un-mot-de-passe-solide-2026",
            "new_password2": "Un-mot-de-passe-solide-2026",
        },
    )
    assert response.status_code == 302
    contributor = login()
    response = contributor.post(
        reverse("accounts:login"),
        {"username": "claire.petit@example.org", "password": "Un-mot-de-passe-solide-2026"},
    )
    assert response.status_code == 302

    # The éditeur adds her to the directory, typing the address in another case.
    response = login(editor).post(
        directory_url("person_add", territory),
        {
            "first_name": "Claire",
            "last_name": "Petit",
            "email": "CLAIRE.PETIT@example.org",
            "role": GovernanceRole.Role.PROJECT_MANAGER,
        },
    )
    assert response.status_code == 302
    person = Person.objects.get(last_name="Petit")
    assert person.user == invited

    # ... and makes her pilot of F10.
    edit_url = reverse("plans:sheet_edit", args=[territory.code, sheet.code])
    response = login(editor).post(edit_url, edit_data(sheet, pilots=[person.pk]))
    assert response.status_code == 302
    sheet.refresh_from_db()

    # She edits the fiche she pilots.
    assert contributor.get(edit_url).status_code == 200
    response = contributor.post(
        edit_url, edit_data(sheet, title="Plateforme logistique mutualisée")
    )
    assert response.status_code == 302
    assert ActionSheet.objects.get(pk=sheet.pk).title == "Plateforme logistique mutualisée"
    linked = AuditEvent.objects.get(verb="directory.person_linked")
    assert (linked.object_id, linked.actor, linked.territory_id) == (
        person.pk,
        editor,
        territory.pk,
    )


def test_invitation_links_the_directory_person_with_the_same_address(territory, admin):
    person = PersonFactory(
        first_name="Marc", last_name="Nicolas", email=" Marc.Nicolas@Nogentech.fr"
    )
    GovernanceRoleFactory(territory=territory, person=person, role="project_manager")

    membership, created, linked = services.invite_member(
        territory, email="marc.nicolas@nogentech.fr", role="contributor", acting_user=admin
    )

    assert created and linked == person
    person.refresh_from_db()
    assert person.user == membership.user
    assert Person.objects.count() == 1
    assert AuditEvent.objects.filter(verb="directory.person_linked", actor=admin).count() == 1


def test_invitation_adds_a_named_newcomer_to_the_directory_as_a_contact(territory, admin):
    membership, _created, person = services.invite_member(
        territory,
        email="delphine@example.org",
        role="reader",
        acting_user=admin,
        first_name="Delphine",
        last_name="Roux",
    )

    assert (person.full_name, person.email, person.user) == (
        "Delphine Roux",
        "delphine@example.org",
        membership.user,
    )
    seat = GovernanceRole.objects.get(person=person)
    assert (seat.territory, seat.role) == (territory, GovernanceRole.Role.OTHER)
    verbs = list(AuditEvent.objects.order_by("pk").values_list("verb", flat=True))
    assert verbs == ["membership.added", "directory.person_added", "directory.role_given"]


def test_invitation_of_an_account_already_linked_here_keeps_its_person(territory, admin):
    user = UserFactory(email="anne@example.org")
    person = PersonFactory(user=user, email="autre@example.org")
    GovernanceRoleFactory(territory=territory, person=person)

    _membership, created, linked = services.invite_member(
        territory, email="anne@example.org", role="reader", acting_user=admin
    )

    assert (created, linked) == (False, person)
    assert Person.objects.count() == 1


def test_a_member_of_two_territories_pilots_in_both(territory, other_territory, admin, login):
    """Each territory keeps its own people: one account, a person in each directory."""
    user = UserFactory(email="anne@example.org", first_name="Anne", last_name="Roy")
    elsewhere = PersonFactory(user=user, first_name="Anne", last_name="Roy")
    GovernanceRoleFactory(territory=other_territory, person=elsewhere)
    Membership.objects.create(user=user, territory=other_territory, role="contributor")

    _membership, _created, here = services.invite_member(
        territory, email="anne@example.org", role="contributor", acting_user=admin
    )

    assert here != elsewhere and here.user == user
    for place, person in ((territory, here), (other_territory, elsewhere)):
        sheet = ActionSheetFactory(territory=place)
        sheet.pilots.add(person)
        url = reverse("plans:sheet_edit", args=[place.code, sheet.code])
        assert login(user).get(url).status_code == 200, place


def test_invitation_without_any_name_leaves_the_directory_alone(territory, admin, login):
    membership, created, person = services.invite_member(
        territory, email="sans.nom@example.org", role="reader", acting_user=admin
    )

    assert created and person is None
    assert membership.user.email == "sans.nom@example.org"
    assert not Person.objects.exists()


def test_directory_person_whose_email_changes_is_linked_to_the_member(
    territory, editor, contributor
):
    person = PersonFactory(first_name="Luc", last_name="Bernard")
    GovernanceRoleFactory(territory=territory, person=person)

    services.update_person(
        person,
        acting_user=editor,
        territory=territory,
        first_name="Luc",
        last_name="Bernard",
        email=contributor.email.upper(),
    )

    person.refresh_from_db()
    assert person.user == contributor


def test_directory_person_is_not_linked_to_an_account_of_another_territory(
    territory, other_territory, editor
):
    stranger = UserFactory(email="ailleurs@example.org")
    Membership.objects.create(user=stranger, territory=other_territory, role="contributor")

    seat = services.add_person_to_directory(
        territory, acting_user=editor, role="other", last_name="Ailleurs", email=stranger.email
    )

    assert seat.person.user is None


def test_administrator_matches_a_member_to_a_person(territory, admin, contributor, login):
    person = PersonFactory(first_name="Jeanne", last_name="Morel", email="autre@example.org")
    GovernanceRoleFactory(territory=territory, person=person)
    membership = Membership.objects.get(user=contributor)
    client = login(admin)

    page = client.get(members_url("territory_members", territory)).content.decode()
    assert f'name="p{membership.pk}-person"' in page
    assert "Jeanne Morel" in page
    response = client.post(
        members_url("territory_member_person", territory, pk=membership.pk),
        {f"p{membership.pk}-person": person.pk},
    )

    assert response.status_code == 302
    person.refresh_from_db()
    assert person.user == contributor
    event = AuditEvent.objects.get(verb="directory.person_linked")
    assert event.actor == admin
    page = client.get(members_url("territory_members", territory)).content.decode()
    assert f'name="p{membership.pk}-person"' not in page


def test_members_page_suggests_the_person_with_the_members_address(
    territory, admin, contributor, login
):
    person = PersonFactory(first_name="Paul", last_name="Roy", email=contributor.email.title())
    GovernanceRoleFactory(territory=territory, person=person)

    page = login(admin).get(members_url("territory_members", territory)).content.decode()

    assert f'<option value="{person.pk}" selected>Paul Roy (même adresse)</option>' in page


def test_matching_refuses_a_person_outside_the_territory(
    territory, other_territory, admin, contributor, login
):
    person = PersonFactory(last_name="Lointain")
    GovernanceRoleFactory(territory=other_territory, person=person)
    membership = Membership.objects.get(user=contributor)

    response = login(admin).post(
        members_url("territory_member_person", territory, pk=membership.pk),
        {f"p{membership.pk}-person": person.pk},
    )

    assert response.status_code == 400
    assert "Choisissez une personne de l&#x27;annuaire du territoire" in response.content.decode()
    person.refresh_from_db()
    assert person.user is None
    with pytest.raises(ValidationError):
        services.match_member(membership, person, acting_user=admin)


def test_matching_refuses_an_account_already_linked_in_the_directory(territory, admin, contributor):
    first = PersonFactory(last_name="Premier", user=contributor)
    GovernanceRoleFactory(territory=territory, person=first)
    second = PersonFactory(last_name="Second")
    GovernanceRoleFactory(territory=territory, person=second)
    membership = Membership.objects.get(user=contributor)

    with pytest.raises(ValidationError) as error:
        services.match_member(membership, second, acting_user=admin)

    assert "est déjà relié à la personne « Dominique Premier »" in str(error.value)


def test_only_administrators_match_members(territory, editor, contributor, login):
    person = PersonFactory()
    GovernanceRoleFactory(territory=territory, person=person)
    membership = Membership.objects.get(user=contributor)

    with pytest.raises(PermissionDenied):
        services.match_member(membership, person, acting_user=editor)
    response = login(editor).post(
        members_url("territory_member_person", territory, pk=membership.pk),
        {f"p{membership.pk}-person": person.pk},
    )
    assert response.status_code == 403
    person.refresh_from_db()
    assert person.user is None


def test_directory_shows_who_has_an_account_to_members_only(territory, reader, contributor, login):
    linked = PersonFactory(first_name="Avec", last_name="Compte", user=contributor)
    GovernanceRoleFactory(territory=territory, person=linked)
    unlinked = PersonFactory(first_name="Sans", last_name="Compte")
    GovernanceRoleFactory(territory=territory, person=unlinked)
    url = reverse("directory:index", args=[territory.code])

    html = login(reader).get(url).content.decode()
    assert html.count('data-account="1"') == 1
    assert "Compte sur la plateforme" in html
    assert 'data-account="1"' not in login().get(url).content.decode()
