"""Searching the catalogue: one function for the API, the catalogue page and the alerts."""

from django.core.exceptions import ValidationError
from django.db.models import Q

from . import places
from .models import Beneficiary, Scheme


def region_places(code):
    """The place codes of a region and its departments ("44" → r44, d08, d10…)."""
    if code not in places.REGIONS:
        raise ValidationError({"region": f"Région inconnue : « {code} »."})
    departments = [
        places.department_code(number)
        for number, (_, region) in places.DEPARTMENTS.items()
        if region == code
    ]
    return [places.region_code(code), *departments]


def search_schemes(*, q="", axis="", beneficiary="", region="", open=None, today=None):
    """Published schemes matching every filter given: words of `q` in the name or the
    description, the axis code served, an eligible beneficiary code, a region (national
    schemes and those of the region or one of its departments), open or closed."""
    queryset = Scheme.objects.filter(is_published=True)
    if open is True:
        queryset = queryset.open(today=today)
    elif open is False:
        queryset = queryset.exclude(pk__in=Scheme.objects.open(today=today).values("pk"))
    if axis:
        queryset = queryset.filter(axes__code=axis)
    if beneficiary:
        if beneficiary not in Beneficiary.values:
            raise ValidationError({"beneficiary": f"Bénéficiaire inconnu : « {beneficiary} »."})
        queryset = queryset.for_beneficiary(beneficiary)
    if region:
        queryset = queryset.for_place(region_places(region.strip()))
    for word in (q or "").split():
        queryset = queryset.filter(Q(name__icontains=word) | Q(description__icontains=word))
    return queryset.distinct().order_by("name", "pk")
