"""Managing a territory's members: who may, adding, changing roles, removing."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from territoires.accounts.models import Membership, Scope, User
from territoires.accounts.services import add_member, change_member_role, remove_member

from ..factories import MembershipFactory, ScopeFactory, TerritoryFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def territory():
    return TerritoryFactory(code="4403", name="Bassins de Langres - Chaumont")


@pytest.fixture
def admin(territory):
    user = UserFactory(email="admin@example.org", first_name="Christine", last_name="Admin")
    MembershipFactory(user=user, territory=territory, role=Membership.Role.ADMIN)
    return user


def _url(name, territory, **kwargs):
    return reverse(f"accounts:{name}", kwargs={"territory_code": territory.code, **kwargs})


def test_administrator_sees_the_members_and_their_roles(client, territory, admin):
    reader = UserFactory(email="lecteur@example.org")
    MembershipFactory(user=reader, territory=territory, role=Membership.Role.READER)
    client.force_login(admin)

    response = client.get(_url("territory_members", territory))

    assert response.status_code == 200
    content = response.content.decode()
    assert "Membres du territoire 4403" in content
    assert "admin@example.org" in content
    assert "lecteur@example.org" in content
    assert '<option value="reader" selected>' in content
    assert '<option value="admin" selected>' in content


def test_members_page_is_forbidden_to_an_editor(client, territory):
    editor = UserFactory()
    MembershipFactory(user=editor, territory=territory, role=Membership.Role.EDITOR)
    client.force_login(editor)

    assert client.get(_url("territory_members", territory)).status_code == 403
    response = client.post(
        _url("territory_member_add", territory), {"email": "x@example.org", "role": "reader"}
    )
    assert response.status_code == 403
    assert not User.objects.filter(email="x@example.org").exists()


def test_members_page_of_an_unknown_territory_is_not_found(client, admin):
    client.force_login(admin)

    response = client.get(reverse("accounts:territory_members", kwargs={"territory_code": "9999"}))

    assert response.status_code == 404


def test_national_team_manages_members_of_any_territory(client, territory):
    national = UserFactory()
    ScopeFactory(user=national, kind=Scope.Kind.NATIONAL)
    client.force_login(national)

    assert client.get(_url("territory_members", territory)).status_code == 200


def test_adding_a_known_account_gives_it_the_role(client, territory, admin):
    known = UserFactory(email="dominique@example.org")
    client.force_login(admin)

    response = client.post(
        _url("territory_member_add", territory),
        {"email": "Dominique@Example.org", "role": "editor"},
    )

    assert response.status_code == 302
    assert Membership.objects.get(user=known, territory=territory).role == "editor"
    assert not DBTaskResult.objects.exists()


def test_adding_an_unknown_address_creates_the_account_and_queues_the_password_email(
    client, territory, admin
):
    client.force_login(admin)

    client.post(
        _url("territory_member_add", territory),
        {"email": "nouvelle@example.org", "role": "contributor", "first_name": "Delphine"},
    )

    user = User.objects.get(email="nouvelle@example.org")
    assert user.first_name == "Delphine"
    assert user.is_active
    assert not user.has_usable_password()
    assert Membership.objects.get(user=user, territory=territory).role == "contributor"
    task = DBTaskResult.objects.get()
    assert task.task_path == "territoires.accounts.tasks.send_email"
    subject, body, recipients = task.args_kwargs["args"][:3]
    assert recipients == ["nouvelle@example.org"]
    assert "pour le territoire 4403 Bassins de Langres - Chaumont (rôle : contributeur)." in body
    assert "/compte/mot-de-passe/nouveau/" in body
    page = client.get(_url("territory_members", territory)).content.decode()
    assert "Compte créé pour nouvelle@example.org" in page


def test_adding_somebody_already_member_is_refused(client, territory, admin):
    client.force_login(admin)

    response = client.post(
        _url("territory_member_add", territory), {"email": "admin@example.org", "role": "reader"}
    )

    assert response.status_code == 400
    assert "déjà membre du territoire" in response.content.decode()
    assert Membership.objects.get(user=admin).role == "admin"


def test_administrator_changes_a_members_role(client, territory, admin):
    member = MembershipFactory(territory=territory, role=Membership.Role.READER)
    client.force_login(admin)

    response = client.post(
        _url("territory_member_role", territory, pk=member.pk), {f"m{member.pk}-role": "editor"}
    )

    assert response.status_code == 302
    member.refresh_from_db()
    assert member.role == "editor"


def test_administrator_removes_a_member(client, territory, admin):
    member = MembershipFactory(territory=territory, role=Membership.Role.EDITOR)
    client.force_login(admin)

    response = client.post(_url("territory_member_remove", territory, pk=member.pk))

    assert response.status_code == 302
    assert not Membership.objects.filter(pk=member.pk).exists()
    assert User.objects.filter(pk=member.user_id).exists()


def test_member_of_another_territory_cannot_be_touched_from_this_one(client, territory, admin):
    elsewhere = MembershipFactory(role=Membership.Role.READER)
    client.force_login(admin)

    response = client.post(_url("territory_member_remove", territory, pk=elsewhere.pk))

    assert response.status_code == 404
    assert Membership.objects.filter(pk=elsewhere.pk).exists()


def test_last_administrator_cannot_be_removed_nor_demoted(client, territory, admin):
    own = Membership.objects.get(user=admin)
    client.force_login(admin)

    removed = client.post(_url("territory_member_remove", territory, pk=own.pk), follow=True)
    demoted = client.post(
        _url("territory_member_role", territory, pk=own.pk),
        {f"m{own.pk}-role": "editor"},
        follow=True,
    )

    own.refresh_from_db()
    assert own.role == "admin"
    for response in (removed, demoted):
        assert "dernier administrateur du territoire" in response.content.decode()


def test_an_administrator_can_leave_once_another_one_is_named(territory, admin):
    other = MembershipFactory(territory=territory, role=Membership.Role.READER)
    own = Membership.objects.get(user=admin)

    change_member_role(other, Membership.Role.ADMIN, acting_user=admin)
    remove_member(own, acting_user=admin)

    assert list(Membership.objects.filter(territory=territory).values_list("role", flat=True)) == [
        "admin"
    ]


def test_services_refuse_who_may_not_manage_members(territory, admin):
    reader = MembershipFactory(territory=territory, role=Membership.Role.READER)

    with pytest.raises(PermissionDenied):
        add_member(territory, email="x@example.org", role="reader", acting_user=reader.user)
    with pytest.raises(PermissionDenied):
        remove_member(Membership.objects.get(user=admin), acting_user=reader.user)
    with pytest.raises(ValidationError):
        add_member(territory, email="x@example.org", role="chef", acting_user=admin)
