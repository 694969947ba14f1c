"""Schemes suggested for a fiche, ranked, each with the reasons it fits.

Candidates are the open schemes that apply where the fiche's territory is (national
ones, or naming its region or one of its departments), that the fiche's porteur may
receive (its kind against the scheme's eligible beneficiaries; a fiche without a porteur
is carried by the territory's EPCI), not already in the fiche's financing plan and not
dismissed for it. Each is scored on:

- the axis: the scheme serves the fiche's axis (AXIS points, reason "axe Recruter");
- the porteur: eligible beneficiaries named (BENEFICIARY points, "éligible aux EPCI");
- the place: the scheme names the territory's region or department (PLACE points,
  "Grand Est"); a national one says "national";
- the words: the French stems the fiche and the scheme share, each weighted by how rare it
  is in the catalogue (inverse document frequency), a word of the scheme's name counting
  more, the sum discounted for schemes with long texts (as BM25 does), so that a long
  description does not win by its length ("mots communs : formation, maintenance").

A scheme that shares neither the axis nor a word with the fiche is not suggested.
"""

import math
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import transaction

from territoires.audit import log, values
from territoires.permissions import policy_for

from . import places, text
from .models import Beneficiary, DismissedSuggestion, Scheme

AXIS = 2.0
BENEFICIARY = 1.0
PLACE = 1.0
NAME_WORD = 2.0  # a shared word of the scheme's name weighs this times more
LENGTH_NORM = 0.75  # how much a long text's many words are discounted (as BM25's b);
# a text shorter than the average is not boosted
MAX_WORDS_SHOWN = 4

# What a porteur of this organisation kind may receive (Organisation.Kind values).
BENEFICIARIES_OF_KIND = {
    "local_authority": (Beneficiary.EPCI, Beneficiary.COMMUNE),
    "region": (Beneficiary.REGION,),
    "department": (Beneficiary.DEPARTMENT,),
    "company": (Beneficiary.COMPANY,),
    "cluster": (Beneficiary.ASSOCIATION,),
    "chamber": (Beneficiary.PUBLIC_BODY,),
    "state": (Beneficiary.PUBLIC_BODY,),
    "national_operator": (Beneficiary.PUBLIC_BODY,),
    "public_body": (Beneficiary.PUBLIC_BODY,),
}
TERRITORY_CARRIER = (Beneficiary.EPCI,)
ELIGIBLE_REASON = {
    Beneficiary.COMMUNE: "éligible aux communes",
    Beneficiary.EPCI: "éligible aux EPCI",
    Beneficiary.DEPARTMENT: "éligible aux départements",
    Beneficiary.REGION: "éligible aux régions",
    Beneficiary.COMPANY: "éligible aux entreprises",
    Beneficiary.ASSOCIATION: "éligible aux associations",
    Beneficiary.PUBLIC_BODY: "éligible aux établissements publics",
}


@dataclass
class Suggestion:
    scheme: Scheme
    score: float
    reasons: list = field(default_factory=list)


@dataclass(frozen=True)
class _Words:
    name: frozenset
    all: frozenset


_WORDS_CACHE: dict = {}


def _scheme_words(scheme):
    """The stems of a scheme, computed once per version of the scheme."""
    key = (scheme.pk, scheme.updated_at)
    words = _WORDS_CACHE.get(key)
    if words is None:
        name = text.stems(f"{scheme.name} {scheme.short_title}")
        body = text.stems(f"{scheme.description} {scheme.eligibility}")
        words = _WORDS_CACHE[key] = _Words(frozenset(name), frozenset(name | body))
    return words


def sheet_text(sheet):
    parts = [
        sheet.title,
        sheet.context,
        sheet.objectives,
        sheet.beneficiaries,
        sheet.expected_results,
        *(tag.name for tag in sheet.tags.all()),
    ]
    return " ".join(part for part in parts if part)


def territory_places(territory):
    """The place codes of a territory: its region and departments."""
    codes = set()
    if territory.region_id:
        codes.add(places.region_code(territory.region.code))
    for department in territory.departments.all():
        codes.add(places.department_code(department.code))
    return codes


def porteur_beneficiaries(sheet):
    organisation = sheet.lead_organisation
    if organisation is None:
        return TERRITORY_CARRIER
    return BENEFICIARIES_OF_KIND.get(organisation.kind, TERRITORY_CARRIER)


def candidates(sheet, today=None):
    """The open schemes the fiche could use (place, not dismissed, not in its plan)."""
    territory = sheet.territory
    dismissed = DismissedSuggestion.objects.filter(sheet=sheet).values("scheme_id")
    in_plan = sheet.funding_lines.exclude(scheme=None).values("scheme_id")
    return (
        Scheme.objects.open(today=today)
        .for_place(territory_places(territory))
        .exclude(pk__in=dismissed)
        .exclude(pk__in=in_plan)
        .prefetch_related("axes")
        .order_by("name", "pk")
    )


def suggest(sheet, *, limit=10, today=None):
    """The best `limit` suggestions for the fiche, best first."""
    schemes = list(candidates(sheet, today))
    if not schemes:
        return []
    words = {scheme.pk: _scheme_words(scheme) for scheme in schemes}
    frequency = {}
    for scheme_words in words.values():
        for stem in scheme_words.all:
            frequency[stem] = frequency.get(stem, 0) + 1
    count = len(schemes)
    average = sum(len(w.all) for w in words.values()) / count or 1
    shown = text.representatives(sheet_text(sheet))
    sheet_stems = set(shown)
    wanted = set(porteur_beneficiaries(sheet))
    region = places.region_code(sheet.territory.region.code) if sheet.territory.region_id else ""
    suggestions = []
    for scheme in schemes:
        eligible = wanted & set(scheme.beneficiaries)
        if scheme.beneficiaries and not eligible:
            continue
        reasons, score = [], 0.0
        if any(axis.pk == sheet.axis_id for axis in scheme.axes.all()):
            score += AXIS
            reasons.append(f"axe {sheet.axis.name}")
        common = sheet_stems & words[scheme.pk].all
        if not reasons and not common:
            continue
        if eligible:
            score += BENEFICIARY
            reasons += [ELIGIBLE_REASON[code] for code in sorted(eligible)]
        named = [
            code for code in scheme.places if code == region or places.region_of(code) == region
        ]
        if scheme.places:
            score += PLACE
            reasons.append(", ".join(places.label(code) for code in named or scheme.places))
        else:
            reasons.append("national")
        if common:
            weights = {
                stem: math.log(1 + count / frequency[stem])
                * (NAME_WORD if stem in words[scheme.pk].name else 1.0)
                for stem in common
            }
            length = max(1 - LENGTH_NORM + LENGTH_NORM * len(words[scheme.pk].all) / average, 1)
            score += sum(weights.values()) / length
            best = sorted(common, key=lambda stem: (-weights[stem], shown[stem]))
            reasons.append("mots communs : " + ", ".join(shown[s] for s in best[:MAX_WORDS_SHOWN]))
        suggestions.append(Suggestion(scheme, round(score, 2), reasons))
    suggestions.sort(key=lambda s: (-s.score, s.scheme.name, s.scheme.pk))
    return suggestions[:limit]


@transaction.atomic
def dismiss(sheet, scheme, *, acting_user):
    """Remember that this scheme is not for this fiche: it is not suggested again."""
    if not policy_for(acting_user).can_edit_funding(sheet):
        raise PermissionDenied("Vous ne pouvez pas modifier le plan de financement de cette fiche.")
    dismissal, created = DismissedSuggestion.objects.get_or_create(
        sheet=sheet,
        scheme=scheme,
        defaults={"by": acting_user if acting_user and acting_user.is_authenticated else None},
    )
    if created:
        log.record(
            "funding.suggestion_dismissed",
            dismissal,
            acting_user=acting_user,
            territory=sheet.territory_id,
            data={"sheet": values.ref(sheet), "scheme": values.ref(scheme)},
        )
    return dismissal
