"""Schemes suggested for a fiche, ranked, each with the reasons it fits.

Candidates are the open schemes that apply where the fiche's territory is (national
ones, or naming its region or one of its departments), that the fiche's porteur may
receive (its kind against the scheme's eligible beneficiaries; a fiche without a porteur
is carried by the territory's local authorities, its EPCI or a commune), not already in
the fiche's financing plan and not dismissed for it. Each is scored on:

- the axis: the scheme serves the fiche's axis (reason "axe Recruter"); AXIS points
  shared among the axes the scheme serves, since a scheme said to serve every axis tells
  little about any;
- the porteur: eligible beneficiaries named (BENEFICIARY points, "éligible aux EPCI");
- the place: the scheme names the territory's region or department (PLACE points,
  "Grand Est"); a national one says "national";
- the words, as BM25F ranks documents: each French stem of the fiche found in the
  scheme counts by how rare it is among the candidates (inverse document frequency) and
  how often the scheme uses it, a use in the scheme's name counting NAME_WEIGHT times one
  in its description, with diminishing returns (K1) and long texts discounted (B);
  the words the programme's vocabulary relates to the fiche's (`synonyms.py`) count
  SYNONYM times as much ("mots communs : formation, maintenance" ; "mots proches :
  transports").

A scheme that shares neither the axis nor a word with the fiche is not suggested.
"""

import math
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import transaction

from territoires.audit import log, values
from territoires.permissions import policy_for

from . import places, synonyms, text
from .models import Beneficiary, DismissedSuggestion, Scheme

AXIS = 2.0
BENEFICIARY = 1.0
PLACE = 1.0
NAME_WEIGHT = 3.0  # a use of a word in the scheme's name counts this times one in its text
K1 = 1.2  # BM25's saturation: the tenth use of a word adds little
B = 0.75  # BM25's length normalisation
PART = 0.5  # a part of the fiche's hyphenated word ("forme" of "plate-forme") counts this
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
TERRITORY_CARRIER = (Beneficiary.EPCI, Beneficiary.COMMUNE)
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
    name: dict  # stem → uses in the name
    body: dict  # stem → uses in the description and eligibility
    length: int  # weighted uses of every stem (BM25F's document length)

    def weight(self, stem):
        """The weighted uses of a stem (BM25F's term frequency)."""
        return NAME_WEIGHT * self.name.get(stem, 0) + self.body.get(stem, 0)


_WORDS_CACHE: dict = {}


def _scheme_words(scheme):
    """The stems of a scheme, computed once per version of the scheme."""
    key = (scheme.pk, scheme.updated_at)
    words = _WORDS_CACHE.get(key)
    if words is None:
        name = text.stem_counts(f"{scheme.name} {scheme.short_title}")
        body = text.stem_counts(f"{scheme.description} {scheme.eligibility}")
        length = NAME_WEIGHT * sum(name.values()) + sum(body.values())
        words = _WORDS_CACHE[key] = _Words(dict(name), dict(body), length)
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


def _query(sheet):
    """stem → (weight, word to show, its own word or a related one) of the fiche's words
    (a part of a hyphenated word counting PART), then of the words the programme's
    vocabulary relates to them."""
    body = sheet_text(sheet)
    parts = text.compound_parts(body)
    query = {
        stem: (PART if stem in parts else 1.0, word, True)
        for stem, word in text.representatives(body).items()
    }
    for stem, word in synonyms.related_stems(set(query), text.acronyms(body)).items():
        query[stem] = (synonyms.SYNONYM, word, False)
    return query


def suggest(sheet, *, limit=10, today=None):
    """The best `limit` suggestions for the fiche, best first."""
    schemes = list(candidates(sheet, today))
    if not schemes:
        return []
    words = {scheme.pk: _scheme_words(scheme) for scheme in schemes}
    frequency = {}
    for scheme_words in words.values():
        for stem in scheme_words.name.keys() | scheme_words.body.keys():
            frequency[stem] = frequency.get(stem, 0) + 1
    count = len(schemes)
    average = sum(w.length for w in words.values()) / count or 1
    query = _query(sheet)
    carriers = porteur_beneficiaries(sheet)
    wanted = set(carriers)
    region = places.region_code(sheet.territory.region.code) if sheet.territory.region_id else ""
    suggestions = []
    for scheme in schemes:
        eligible = wanted & set(scheme.beneficiaries)
        if scheme.beneficiaries and not eligible:
            continue
        reasons, score = [], 0.0
        axes = scheme.axes.all()
        if any(axis.pk == sheet.axis_id for axis in axes):
            score += AXIS / len(axes)
            reasons.append(f"axe {sheet.axis.name}")
        scheme_words = words[scheme.pk]
        norm = K1 * (1 - B + B * scheme_words.length / average)
        weights = {}
        for stem, (boost, _, _) in query.items():
            uses = scheme_words.weight(stem)
            if uses:
                idf = math.log(1 + (count - frequency[stem] + 0.5) / (frequency[stem] + 0.5))
                weights[stem] = boost * idf * uses * (K1 + 1) / (uses + norm)
        if not reasons and not weights:
            continue
        if eligible:
            score += BENEFICIARY
            # The first kind the porteur is, in its order (an EPCI before a commune).
            reasons.append(ELIGIBLE_REASON[next(c for c in carriers if c in eligible)])
        named = [
            code for code in scheme.places if code == region or places.region_of(code) == region
        ]
        if scheme.places:
            score += PLACE
            reasons.append(", ".join(places.label(code) for code in named or scheme.places))
        else:
            reasons.append("national")
        score += sum(weights.values())
        best = sorted(weights, key=lambda stem: (-weights[stem], query[stem][1]))
        common = [query[s][1] for s in best if query[s][2]][:MAX_WORDS_SHOWN]
        close = [query[s][1] for s in best if not query[s][2]][:MAX_WORDS_SHOWN]
        if common:
            reasons.append("mots communs : " + ", ".join(common))
        if close:
            reasons.append("mots proches : " + ", ".join(close))
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
