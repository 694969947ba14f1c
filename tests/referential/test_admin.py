"""The Django admin of the referential, programmes, organisations, accounts and plans."""

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from territoires.accounts.models import ApiToken, Membership, Scope, User
from territoires.audit.models import AuditEvent
from territoires.audit.readers import history_of
from territoires.meetings.invitation_models import Invitation
from territoires.meetings.models import FollowUp
from territoires.organisations.models import (
    Consent,
    Contact,
    ContactList,
    ContactTag,
    GovernanceRole,
    Organisation,
    Partnership,
)
from territoires.plans.models import ActionSheet
from territoires.programmes.models import Target
from territoires.programmes.services import ensure_territoires_d_industrie
from territoires.referential.models import Commune, Department

from ..factories import (
    ActionSheetFactory,
    DepartmentFactory,
    EpciFactory,
    GovernanceRoleFactory,
    MeetingFactory,
    MembershipFactory,
    OrganisationFactory,
    PartnershipFactory,
    PersonFactory,
    RegistrationFactory,
    ScopeFactory,
    SheetEventFactory,
    TagFactory,
    TerritoryEpciFactory,
    TerritoryFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

APPS = {"referential", "programmes", "organisations", "accounts", "plans", "audit", "meetings"}
READ_ONLY = {
    ApiToken,
    AuditEvent,
    GovernanceRole,
    Partnership,
    Consent,
    Contact,
    ContactList,
    ContactTag,
    Invitation,
    FollowUp,
}


def registered_models():
    return sorted(
        (model for model in admin.site._registry if model._meta.app_label in APPS),
        key=lambda model: model._meta.label,
    )


def url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.fixture
def superuser(db):
    return User.objects.create_superuser("admin@example.org", "mot-de-passe-solide-42")


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


@pytest.fixture
def sample(db):
    """One of everything, so that the lists and change pages render real rows."""
    territory = TerritoryFactory(code="4403", name="Bassins de Langres - Chaumont")
    department = DepartmentFactory(code="52", name="Haute-Marne", region=territory.region)
    epci = EpciFactory(siren="200068658", name="CA de Chaumont")
    Commune.objects.create(code_insee="52121", name="Chaumont", department=department, epci=epci)
    TerritoryEpciFactory(territory=territory, epci=epci, communes_in_territory=63)
    sheet = ActionSheetFactory(territory=territory, code="F2.1")
    SheetEventFactory(sheet=sheet)
    GovernanceRoleFactory(territory=territory)
    PartnershipFactory(territory=territory)
    MembershipFactory(territory=territory)
    ScopeFactory()
    TagFactory()
    ApiToken.issue(UserFactory(), "Export")
    RegistrationFactory(meeting=MeetingFactory(territory=territory))
    return territory


def test_every_model_of_the_platform_apps_is_registered():
    labels = {model._meta.label for model in registered_models()}

    assert {
        "referential.Region",
        "referential.Department",
        "referential.Epci",
        "referential.Commune",
        "referential.Territory",
        "programmes.Programme",
        "organisations.Organisation",
        "organisations.Person",
        "organisations.GovernanceRole",
        "organisations.Partnership",
        "accounts.User",
        "accounts.Membership",
        "accounts.Scope",
        "accounts.ApiToken",
        "plans.ActionSheet",
        "audit.AuditEvent",
    } <= labels


@pytest.mark.parametrize("model", registered_models(), ids=lambda m: m._meta.label)
def test_changelist_and_change_page_answer_for_a_superuser(admin_client, sample, model):
    assert admin_client.get(url(model, "changelist")).status_code == 200
    obj = model._default_manager.first()
    if obj is not None:
        assert admin_client.get(url(model, "change", obj.pk)).status_code == 200


@pytest.mark.parametrize("model", registered_models(), ids=lambda m: m._meta.label)
def test_add_page_answers_except_for_read_only_records(admin_client, model):
    expected = 403 if model in READ_ONLY else 200

    assert admin_client.get(url(model, "add")).status_code == expected


def test_changelist_search_answers(admin_client, sample):
    response = admin_client.get(url(Commune, "changelist"), {"q": "chaumont"})

    assert response.status_code == 200
    assert "52121" in response.content.decode()


def _queries(admin_client, model):
    with CaptureQueriesContext(connection) as context:
        assert admin_client.get(url(model, "changelist")).status_code == 200
    return len(context)


@pytest.mark.parametrize(
    ("model", "make"),
    [
        (ActionSheet, lambda t, n: ActionSheetFactory(territory=t, code=f"F{n}")),
        (Membership, lambda t, n: MembershipFactory(territory=t)),
        (Scope, lambda t, n: ScopeFactory(kind=Scope.Kind.REGION, region=t.region)),
        (Department, lambda t, n: DepartmentFactory(code=f"{n + 60}", region=t.region)),
        (
            Commune,
            lambda t, n: Commune.objects.create(
                code_insee=f"52{n:03d}",
                name=f"Commune {n}",
                department=DepartmentFactory(code="52", region=t.region),
                epci=EpciFactory(),
            ),
        ),
    ],
    ids=lambda value: value._meta.label if hasattr(value, "_meta") else "",
)
def test_changelist_queries_do_not_grow_with_the_rows(admin_client, model, make):
    territory = TerritoryFactory()
    make(territory, 1)
    few = _queries(admin_client, model)
    for n in range(2, 12):
        make(territory, n)

    assert _queries(admin_client, model) == few


def test_programme_is_configurable_with_its_axes_stages_and_targets_inline(admin_client):
    programme = ensure_territoires_d_industrie()

    page = admin_client.get(url(type(programme), "change", programme.pk)).content.decode()

    assert "Simplifier" in page
    assert "Contrat signé" in page
    assert "200 M€ engagés fin 2019" in page
    assert Target.objects.filter(programme=programme).count() == 3


def test_user_is_created_with_an_email_and_no_username(admin_client):
    response = admin_client.post(
        url(User, "add"),
        {
            "email": "Chef.Projet@Example.org",
            "usable_password": "true",
            "password1": "mot-de-passe-solide-42",
            "password2": "mot-de-passe-solide-42",
        },
    )

    assert response.status_code == 302
    user = User.objects.get(email="chef.projet@example.org")
    assert user.check_password("mot-de-passe-solide-42")


def test_user_with_an_email_already_taken_is_refused(admin_client):
    UserFactory(email="chef.projet@example.org")

    response = admin_client.post(
        url(User, "add"),
        {
            "email": "CHEF.PROJET@example.org",
            "usable_password": "false",
        },
    )

    assert response.status_code == 200
    assert "Un compte utilise déjà cette adresse électronique." in response.content.decode()


def test_api_token_shows_its_hash_read_only_and_can_be_revoked(admin_client):
    token, _ = ApiToken.issue(UserFactory(), "Export")

    page = admin_client.get(url(ApiToken, "change", token.pk)).content.decode()
    response = admin_client.post(
        url(ApiToken, "changelist"),
        {"action": "revoke", "_selected_action": [token.pk]},
    )

    assert token.key_hash in page
    assert 'name="key_hash"' not in page
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None


def _sheet_form(territory, **fields):
    data = {
        "territory": territory.pk,
        "code": "F9",
        "title": "Offre de formation maintenance industrielle",
        "axis": territory.programme.axes.get(code="recruter").pk,
        "visibility": "restricted",
    }
    for prefix in ("transitions",):
        data |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}
    return data | fields


def test_action_sheet_added_in_the_admin_goes_through_the_services(admin_client, superuser):
    territory = TerritoryFactory()

    response = admin_client.post(url(ActionSheet, "add"), _sheet_form(territory))

    assert response.status_code == 302
    sheet = ActionSheet.objects.get(territory=territory, code="F9")
    assert sheet.created_by == superuser
    assert list(history_of(sheet).values_list("verb", "actor")) == [("sheet.created", superuser.pk)]


def test_action_sheet_edited_in_the_admin_gets_a_new_version_and_history(admin_client):
    sheet = ActionSheetFactory(code="F9", title="Ancien titre")
    data = _sheet_form(
        sheet.territory, title="Nouveau titre", axis=sheet.axis.pk, seen_version=sheet.version
    )

    response = admin_client.post(url(ActionSheet, "change", sheet.pk), data)

    assert response.status_code == 302
    sheet.refresh_from_db()
    assert (sheet.title, sheet.version) == ("Nouveau titre", 2)
    assert history_of(sheet).get().verb == "sheet.updated"


def test_action_sheet_edit_made_on_an_older_version_is_refused_in_the_admin(admin_client):
    sheet = ActionSheetFactory(code="F9", title="Titre de départ")
    opened_on = sheet.version
    sheet.title = "Titre enregistré entre-temps"
    sheet.version += 1
    sheet.save()
    data = _sheet_form(
        sheet.territory, title="Titre de l'admin", axis=sheet.axis.pk, seen_version=opened_on
    )

    response = admin_client.post(url(ActionSheet, "change", sheet.pk), data)

    assert response.status_code == 200
    assert "modifiée entre-temps" in response.content.decode()
    sheet.refresh_from_db()
    assert (sheet.title, sheet.version) == ("Titre enregistré entre-temps", opened_on + 1)
    assert not history_of(sheet).exists()


def test_action_sheet_change_page_carries_the_version_it_was_opened_on(admin_client):
    sheet = ActionSheetFactory(code="F9")
    page = admin_client.get(url(ActionSheet, "change", sheet.pk)).content.decode()
    assert 'name="seen_version"' in page
    assert f'value="{sheet.version}"' in page


def test_action_sheet_code_taken_in_another_case_is_refused(admin_client):
    sheet = ActionSheetFactory(code="F9")

    response = admin_client.post(url(ActionSheet, "add"), _sheet_form(sheet.territory, code="f9"))

    assert response.status_code == 200
    assert "Ce code est déjà utilisé par une fiche de ce territoire." in response.content.decode()


def test_action_sheets_cannot_be_hard_deleted_from_the_admin(admin_client):
    sheet = ActionSheetFactory()

    response = admin_client.get(url(ActionSheet, "delete", sheet.pk))

    assert response.status_code == 403


def test_organisation_and_person_lists_search(admin_client):
    organisation = OrganisationFactory(name="Nogentech")
    PersonFactory(last_name="Descorne-Jeanny", organisation=organisation)

    page = admin_client.get(url(type(organisation), "changelist"), {"q": "nogen"})

    assert "Nogentech" in page.content.decode()


def test_a_member_added_in_the_admin_goes_through_the_services(admin_client, superuser):
    territory = TerritoryFactory()
    user = UserFactory(email="nouvelle@example.org")

    response = admin_client.post(
        url(Membership, "add"), {"user": user.pk, "territory": territory.pk, "role": "editor"}
    )

    assert response.status_code == 302
    membership = Membership.objects.get(user=user, territory=territory)
    assert membership.role == "editor"
    event = AuditEvent.objects.get(verb="membership.added")
    assert (event.actor, event.territory) == (superuser, territory)


def test_the_last_administrator_cannot_be_demoted_in_the_admin(admin_client):
    membership = MembershipFactory(role="admin")

    response = admin_client.post(url(Membership, "change", membership.pk), {"role": "reader"})

    assert response.status_code == 200  # the form again, with the service's refusal
    membership.refresh_from_db()
    assert membership.role == "admin"
    assert "dernier administrateur" in response.content.decode()
    assert not AuditEvent.objects.filter(verb="membership.role_changed").exists()


def test_a_fiche_with_pilots_and_partners_saves_in_the_admin(admin_client):
    """The admin hands the services lists, not querysets (a 500 before)."""
    sheet = ActionSheetFactory(code="F9")
    pilot = GovernanceRoleFactory(territory=sheet.territory).person
    partner = PartnershipFactory(territory=sheet.territory).organisation
    data = _sheet_form(
        sheet.territory,
        axis=sheet.axis.pk,
        seen_version=sheet.version,
        pilots=[pilot.pk],
        partners=[partner.pk],
    )

    response = admin_client.post(url(ActionSheet, "change", sheet.pk), data)

    assert response.status_code == 302
    assert list(sheet.pilots.all()) == [pilot] and list(sheet.partners.all()) == [partner]
    assert history_of(sheet).get().verb == "sheet.updated"


def test_an_organisation_changed_in_the_admin_goes_through_the_services(admin_client, superuser):
    organisation = OrganisationFactory(name="Ancien nom", kind="company")

    response = admin_client.post(
        url(Organisation, "change", organisation.pk),
        {"name": "Nouveau nom", "kind": "company", "siren": "123"},
    )

    assert response.status_code == 200  # the model refuses the SIREN: nothing written
    organisation.refresh_from_db()
    assert organisation.name == "Ancien nom"
    response = admin_client.post(
        url(Organisation, "change", organisation.pk), {"name": "Nouveau nom", "kind": "company"}
    )
    assert response.status_code == 302
    event = AuditEvent.objects.get(verb="directory.organisation_updated")
    assert (event.actor, event.changes[0]["old"], event.changes[0]["new"]) == (
        superuser,
        "Ancien nom",
        "Nouveau nom",
    )


def test_the_services_take_querysets_for_the_lists_of_a_fiche(superuser):
    """Any iterable of rows is a list of pilots or partners (the admin gives QuerySets)."""
    from territoires.organisations.models import Person
    from territoires.plans import services

    sheet = ActionSheetFactory(code="F9")
    pilot = GovernanceRoleFactory(territory=sheet.territory).person
    saved = services.update_sheet(
        sheet,
        acting_user=superuser,
        expected_version=sheet.version,
        m2m={"pilots": Person.objects.filter(pk=pilot.pk)},
    )
    assert list(saved.pilots.all()) == [pilot]


def test_a_refusal_of_the_service_shows_as_a_french_form_error_in_the_admin(admin_client):
    """The directory rule is checked by the service while saving: a pilot from outside the
    territory's directory is a field error on the page (a 500 before), nothing written."""
    sheet = ActionSheetFactory(code="F9", title="Titre de départ")
    stranger = PersonFactory()
    data = _sheet_form(
        sheet.territory,
        title="Titre de l'admin",
        axis=sheet.axis.pk,
        seen_version=sheet.version,
        pilots=[stranger.pk],
    )

    response = admin_client.post(url(ActionSheet, "change", sheet.pk), data)

    assert response.status_code == 200
    page = response.content.decode()
    assert "choisissez parmi l&#x27;annuaire du territoire" in page
    assert "Titre de l&#x27;admin" in page  # the input is kept
    sheet.refresh_from_db()
    assert (sheet.title, sheet.version) == ("Titre de départ", 1)
    assert not history_of(sheet).exists()
    assert not sheet.pilots.exists()


def test_a_refusal_of_the_service_on_a_new_fiche_shows_as_a_form_error(admin_client):
    territory = TerritoryFactory()
    stranger = OrganisationFactory()

    response = admin_client.post(
        url(ActionSheet, "add"), _sheet_form(territory, partners=[stranger.pk])
    )

    assert response.status_code == 200
    assert "Partenaires : choisissez parmi" in response.content.decode()
    assert not ActionSheet.objects.filter(territory=territory).exists()
