"""factory-boy factories for every domain model used by the tests."""

import datetime

import factory

from territoires.accounts.models import Membership, Scope, User
from territoires.funding.models import FundingLine, Recurrence, Scheme
from territoires.organisations.models import Organisation, Person
from territoires.plans.models import ActionSheet, Status, Visibility
from territoires.programmes.models import Axis, Programme, Stage
from territoires.referential.models import Department, Epci, Region, Territory

AXES = [
    ("attirer", "Attirer"),
    ("recruter", "Recruter"),
    ("innover", "Innover"),
    ("simplifier", "Simplifier"),
]


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme
        django_get_or_create = ("slug",)
        skip_postgeneration_save = True

    slug = "territoires-d-industrie"
    name = "Territoires d'industrie"

    @factory.post_generation
    def with_axes(self, create, extracted, **kwargs):
        if not create or extracted is False:
            return
        for position, (code, name) in enumerate(AXES):
            Axis.objects.get_or_create(
                programme=self, code=code, defaults={"name": name, "position": position}
            )


class StageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Stage

    programme = factory.SubFactory(ProgrammeFactory)
    code = factory.Sequence(lambda n: f"etape-{n}")
    name = factory.Sequence(lambda n: f"Étape {n}")
    position = factory.Sequence(lambda n: n)


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"{n % 90 + 10}")
    name = factory.Sequence(lambda n: f"Région {n}")


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"{n % 90 + 10}")
    name = factory.Sequence(lambda n: f"Département {n}")
    region = factory.SubFactory(RegionFactory)


class EpciFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Epci

    siren = factory.Sequence(lambda n: f"2{n:08d}")
    name = factory.Sequence(lambda n: f"Communauté de communes {n}")
    kind = Epci.Kind.CC


class TerritoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Territory

    programme = factory.SubFactory(ProgrammeFactory)
    code = factory.Sequence(lambda n: f"{9000 + n}")
    name = factory.Sequence(lambda n: f"Territoire {n}")
    region = factory.SubFactory(RegionFactory)
    phase = "2019"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    kind = Organisation.Kind.COMPANY


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    first_name = "Camille"
    last_name = factory.Sequence(lambda n: f"Martin{n}")
    password = factory.PostGenerationMethodCall("set_password", "mot-de-passe-solide-42")

    @factory.post_generation
    def _save(self, create, extracted, **kwargs):
        if create:
            self.save()


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    first_name = "Dominique"
    last_name = factory.Sequence(lambda n: f"Durand{n}")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    territory = factory.SubFactory(TerritoryFactory)
    role = Membership.Role.READER


class ScopeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Scope

    user = factory.SubFactory(UserFactory)
    kind = Scope.Kind.NATIONAL


class ActionSheetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionSheet

    territory = factory.SubFactory(TerritoryFactory)
    code = factory.Sequence(lambda n: f"F{n + 1}")
    title = factory.Sequence(lambda n: f"Action {n}")
    axis = factory.LazyAttribute(lambda o: o.territory.programme.axes.order_by("position").first())
    visibility = Visibility.PUBLIC
    status = Status.DRAFT


# Added for the plan pages' tests ------------------------------------------------------


class TagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "plans.Tag"
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"mot-clé {n}")


class StepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "plans.Step"

    sheet = factory.SubFactory(ActionSheetFactory)
    title = factory.Sequence(lambda n: f"Étape {n}")
    position = factory.Sequence(lambda n: n)


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "plans.Indicator"

    sheet = factory.SubFactory(ActionSheetFactory)
    name = factory.Sequence(lambda n: f"Indicateur {n}")
    unit = "entreprises"
    baseline = 0
    target = 10
    current_value = 5
    position = factory.Sequence(lambda n: n)


class SheetEventFactory(factory.django.DjangoModelFactory):
    """An entry of a fiche's history: an audit event recorded on the fiche."""

    class Meta:
        model = "audit.AuditEvent"

    class Params:
        sheet = factory.SubFactory(ActionSheetFactory)

    verb = "sheet.updated"
    object_type = "plans.actionsheet"
    object_id = factory.LazyAttribute(lambda o: o.sheet.pk)
    object_label = factory.LazyAttribute(lambda o: str(o.sheet))
    territory = factory.LazyAttribute(lambda o: o.sheet.territory)
    actor = factory.SubFactory(UserFactory)
    version = 1
    changes = factory.LazyFunction(
        lambda: [{"field": "title", "kind": "text", "old": "Avant", "new": "Après"}]
    )


class TerritoryEpciFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "referential.TerritoryEpci"

    territory = factory.SubFactory(TerritoryFactory)
    epci = factory.SubFactory(EpciFactory)


class GovernanceRoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "organisations.GovernanceRole"

    territory = factory.SubFactory(TerritoryFactory)
    person = factory.SubFactory(PersonFactory)
    role = "project_manager"


class PartnershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "organisations.Partnership"

    territory = factory.SubFactory(TerritoryFactory)
    organisation = factory.SubFactory(OrganisationFactory)


def member(territory, role):
    """A new user holding `role` (a Membership.Role) on `territory`."""
    return MembershipFactory(territory=territory, role=role, user=UserFactory()).user


class SchemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Scheme

    name = factory.Sequence(lambda n: f"Dispositif {n}")
    description = "Soutien aux projets des territoires."
    recurrence = Recurrence.ONGOING
    source_url = factory.Sequence(
        lambda n: f"https://aides-territoires.beta.gouv.fr/aides/{n}-dispositif/"
    )


# Meetings -------------------------------------------------------------------------------


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "meetings.Meeting"

    territory = factory.SubFactory(TerritoryFactory)
    kind = "after_work"
    title = factory.Sequence(lambda n: f"After Work {n}")
    date = factory.LazyFunction(lambda: datetime.date(2019, 9, 9))
    start_time = datetime.time(18, 0)
    end_time = datetime.time(20, 0)
    venue_name = "STEF Transport"
    venue_address = "Avenue de la Collinière, 52200 Langres"
    visibility = Visibility.PUBLIC


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "meetings.Registration"

    meeting = factory.SubFactory(MeetingFactory)
    first_name = "Claude"
    last_name = factory.Sequence(lambda n: f"Inscrit{n}")
    email = factory.Sequence(lambda n: f"inscrit{n}@entreprise.example")
    organisation_name = "Entreprise d'exemple"
    token = factory.Sequence(lambda n: f"jeton-{n:040d}")


class FundingLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FundingLine

    sheet = factory.SubFactory(ActionSheetFactory)
    financer = factory.SubFactory(OrganisationFactory, kind="national_operator")
    amount = 10000
