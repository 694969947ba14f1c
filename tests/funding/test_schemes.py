"""The catalogue of schemes: the model's rules, what "open" means, the admin's service."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from territoires.audit.models import AuditEvent
from territoires.funding import services
from territoires.funding.models import AidType, Beneficiary, Recurrence, Scheme

from ..factories import SchemeFactory, ScopeFactory, UserFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 26)


def test_a_deadline_before_the_start_is_a_french_field_error():
    scheme = SchemeFactory.build(
        start_date=datetime.date(2026, 3, 1), deadline=datetime.date(2026, 2, 1)
    )
    with pytest.raises(ValidationError) as error:
        scheme.full_clean()
    assert error.value.message_dict["deadline"] == [
        "La date de clôture précède la date d'ouverture."
    ]


def test_negative_amounts_rates_over_100_and_inverted_ranges_are_field_errors():
    scheme = SchemeFactory.build(
        amount_min=Decimal("-1"), rate_min=Decimal("50"), rate_max=Decimal("120")
    )
    with pytest.raises(ValidationError) as error:
        scheme.full_clean()
    errors = error.value.message_dict
    assert errors["amount_min"] == ["Un montant ne peut pas être négatif."]
    assert errors["rate_max"] == ["Un taux ne peut pas dépasser 100 %."]

    inverted = SchemeFactory.build(amount_min=Decimal("5000"), amount_max=Decimal("1000"))
    with pytest.raises(ValidationError) as error:
        inverted.full_clean()
    assert error.value.message_dict["amount_max"] == [
        "Le montant maximum est inférieur au montant minimum."
    ]


def test_an_unknown_beneficiary_code_is_refused():
    scheme = SchemeFactory.build(beneficiaries=["epci", "martians"])
    with pytest.raises(ValidationError) as error:
        scheme.full_clean()
    assert error.value.message_dict["beneficiaries"] == ["Valeur inconnue : martians."]


def test_code_lists_read_back_as_lists_and_filter_on_one_code():
    both = SchemeFactory(beneficiaries=["epci", "commune"], aid_types=[AidType.GRANT])
    SchemeFactory(beneficiaries=["commune"], aid_types=[AidType.LOAN])
    both.refresh_from_db()
    assert both.beneficiaries == ["commune", "epci"]
    assert both.get_beneficiaries_display() == ["Communes", "Intercommunalités / Pays"]
    assert list(Scheme.objects.for_beneficiary(Beneficiary.EPCI)) == [both]
    assert list(Scheme.objects.of_aid_type(AidType.GRANT)) == [both]
    assert Scheme.objects.for_beneficiary(Beneficiary.COMMUNE).count() == 2


def test_open_means_published_and_deadline_ahead_or_none_or_permanent():
    past, future = TODAY - datetime.timedelta(days=1), TODAY + datetime.timedelta(days=1)
    expected_open = [
        SchemeFactory(name="A sans date", recurrence=Recurrence.ONE_OFF, deadline=None),
        SchemeFactory(name="B à venir", recurrence=Recurrence.ONE_OFF, deadline=future),
        SchemeFactory(name="C aujourd'hui", recurrence=Recurrence.RECURRING, deadline=TODAY),
        SchemeFactory(name="D permanent", recurrence=Recurrence.ONGOING, deadline=past),
    ]
    closed = [
        SchemeFactory(name="E clos", recurrence=Recurrence.ONE_OFF, deadline=past),
        SchemeFactory(name="F non publié", deadline=None, is_published=False),
    ]
    assert list(Scheme.objects.open(today=TODAY)) == expected_open
    assert all(scheme.is_open(today=TODAY) for scheme in expected_open)
    assert not any(scheme.is_open(today=TODAY) for scheme in closed)


def test_source_id_and_source_url_are_unique_when_given():
    SchemeFactory(source_id="", source_url="")
    SchemeFactory(source_id="", source_url="")  # empty values do not collide
    SchemeFactory(source_id="123")
    with pytest.raises(ValidationError) as error:
        SchemeFactory.build(source_id="123").full_clean()
    assert "__all__" in error.value.message_dict


def test_only_the_national_team_corrects_a_scheme_and_the_log_keeps_amounts_as_numbers():
    scheme = SchemeFactory(amount_max=Decimal("10000"))
    scheme.amount_max = Decimal("25000.50")
    with pytest.raises(PermissionDenied):
        services.save_scheme(scheme, acting_user=UserFactory())

    national = ScopeFactory(kind="national").user
    services.save_scheme(scheme, acting_user=national)
    event = AuditEvent.objects.get(verb="scheme.updated")
    assert event.actor == national
    assert event.changes == [
        {"field": "amount_max", "kind": "money", "old": "10000.00", "new": "25000.50"}
    ]


def test_the_admin_saves_a_scheme_through_the_service(client):
    national = UserFactory(is_staff=True, is_superuser=True)  # as the demo's national account
    scheme = SchemeFactory(name="Fonds friches")
    client.force_login(national)
    url = f"/admin/funding/scheme/{scheme.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {name: form[name].value() for name in services.SCHEME_FIELDS}
    data = {key: ("" if value is None else value) for key, value in data.items()}
    data.update(name="Fonds friches 2026", start_date="2026-03-01", deadline="2026-02-01")
    refused = client.post(url, data)
    assert refused.status_code == 200
    assert "La date de clôture précède la date d&#x27;ouverture." in refused.text
    data["deadline"] = "2026-12-31"
    assert client.post(url, data).status_code == 302
    scheme.refresh_from_db()
    assert scheme.name == "Fonds friches 2026"
    assert AuditEvent.objects.filter(verb="scheme.updated", object_id=scheme.pk).count() == 1
