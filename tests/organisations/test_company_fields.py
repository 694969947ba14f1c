"""Companies of the directory: NAF code (checked, French error), size band, commune; kept by
the national team through the service, recorded in the audit log."""

import pytest
from django.core.exceptions import ValidationError

from territoires.audit.readers import history_of
from territoires.organisations import services
from territoires.organisations.models import Organisation

pytestmark = pytest.mark.django_db


def company(**fields):
    return Organisation(name="Forges de Bologne", kind="company", **fields)


def test_a_company_keeps_its_naf_code_size_band_and_commune(national):
    saved = services.save_organisation(
        company(naf_code="25.62B", size_band="medium", siret="73282932000074"),
        acting_user=national,
    )
    assert (saved.naf_code, saved.get_size_band_display()) == ("25.62B", "50 à 249 salariés")
    changes = {c["field"]: c["new"] for c in history_of(saved).get().changes}
    assert changes["naf_code"] == "25.62B" and changes["size_band"] == "medium"


@pytest.mark.parametrize("naf", ["2562B", "25.62", "25.62b", "AB.CDE"])
def test_a_malformed_naf_code_is_refused_in_french(national, naf):
    with pytest.raises(ValidationError) as refused:
        services.save_organisation(company(naf_code=naf), acting_user=national)
    assert refused.value.message_dict["naf_code"] == [
        "Code NAF invalide : 2 chiffres, un point, 2 chiffres et une lettre (ex. 25.62B)."
    ]
    assert not Organisation.objects.exists()
