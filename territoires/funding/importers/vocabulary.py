"""The words of Aides-territoires → our codes: its French labels (CSV export, API) and
its own codes (older API answers), compared case- and accent-insensitively."""

import re

from territoires.core.text import fold
from territoires.organisations.models import Organisation

from ..models import AidType, Beneficiary, Recurrence


def match_key(label):
    return re.sub(r"[^a-z0-9]+", " ", fold(label)).strip()


def _table(pairs):
    return {match_key(label): code for label, code in pairs}


BENEFICIARIES = _table(
    [
        *((label, code) for code, label in Beneficiary.choices),
        ("Intercommunalités / Pays", Beneficiary.EPCI),
        ("Entreprises publiques locales (Sem, Spl, SemOp)", Beneficiary.LOCAL_PUBLIC_COMPANY),
        (
            "Établissements publics (écoles, bibliothèques…) / Services de l'État",
            Beneficiary.PUBLIC_BODY,
        ),
        ("special", Beneficiary.OVERSEAS),
        ("public_org", Beneficiary.PUBLIC_BODY),
        ("public_cies", Beneficiary.LOCAL_PUBLIC_COMPANY),
        ("private_sector", Beneficiary.COMPANY),
        ("private_person", Beneficiary.INDIVIDUAL),
        ("researcher", Beneficiary.RESEARCH),
        *((code, code) for code in Beneficiary.values),
    ]
)

AID_TYPES = _table(
    [
        *((label, code) for code, label in AidType.choices),
        ("Avance récupérable", AidType.RECOVERABLE_ADVANCE),
        ("Ingénierie Juridique / administrative", AidType.LEGAL_ENGINEERING),
        ("cee", AidType.ENERGY_CERTIFICATE),
        ("other", AidType.OTHER_FINANCIAL),
        *((code, code) for code in AidType.values),
    ]
)

RECURRENCES = _table(
    [
        *((label, code) for code, label in Recurrence.choices),
        ("oneoff", Recurrence.ONE_OFF),
        ("ongoing", Recurrence.ONGOING),
        ("recurring", Recurrence.RECURRING),
    ]
)

YES = {"oui", "yes", "true", "1", "x"}
NO = {"", "non", "no", "false", "0"}


def lookup(table, label):
    """The code of a label, or None when the table does not know it."""
    return table.get(match_key(label))


# What kind of organisation a financer's name says it is (first match wins).
_KINDS = [
    (
        r"\b(commission europeenne|union europeenne|feder|feader|fse)\b",
        Organisation.Kind.EUROPEAN_UNION,
    ),
    (r"\b(conseil departemental|departement)\b", Organisation.Kind.DEPARTMENT),
    (r"\b(conseil regional|region)\b", Organisation.Kind.REGION),
    (r"\b(ministere|prefecture|ddtm?|dreal|dgfip|direction)\b", Organisation.Kind.STATE),
    (
        r"\b(banque des territoires|bpifrance|ademe|anct|anah|cerema|business france"
        r"|france travail|caisse des depots|agence nationale)\b",
        Organisation.Kind.NATIONAL_OPERATOR,
    ),
    (r"\b(chambres? (de|des|d)|cci|cma)\b", Organisation.Kind.CHAMBER),
    (r"\b(etablissements? publics?|epf|epfl)\b", Organisation.Kind.PUBLIC_BODY),
    (
        r"\b(communaute|agglomeration|metropole|syndicat|petr|pnr|parc naturel)\b",
        Organisation.Kind.LOCAL_AUTHORITY,
    ),
]


def organisation_kind(name):
    """The kind of organisation its name suggests ("Conseil départemental du Tarn" →
    département), else "other"."""
    folded = match_key(name)
    for pattern, kind in _KINDS:
        if re.search(pattern, folded):
            return str(kind)
    return str(Organisation.Kind.OTHER)
