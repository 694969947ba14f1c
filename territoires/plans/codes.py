"""The rule for a fiche's code, shared by the model (so the form, the API, the admin and
any importer apply it) and held against the site's URLs by tests/pages/test_sheet_codes.py.

A code is one segment of the fiche's address (/territoires/<t>/fiches/<code>/): it may
only hold ASCII letters, digits, ".", "-" and "_", starts with a letter or a digit, and
is none of the words that our addresses use after `fiches/` or beside it ("nouvelle",
"corbeille"…), compared without regard to case.
"""

import re

from django.core.exceptions import ValidationError

CODE_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")

# Every literal word of the pages' URLs under /territoires/<code>/ (a test keeps this list
# complete): a fiche coded like one of them would be unreachable or ambiguous.
RESERVED_CODES = frozenset(
    {
        "ajouter",
        "annuaire",
        "autofinancement",
        "corbeille",
        "documents",
        "ecarter",
        "etape",
        "fiches",
        "financement",
        "lignes",
        "membres",
        "modifier",
        "nouveau",
        "nouvelle",
        "partenaires",
        "personne",
        "personnes",
        "rencontre.ics",
        "rencontres",
        "rencontres.ics",
        "restaurer",
        "retirer",
        "role",
        "roles",
        "statut",
        "suggestions",
        "supprimer",
        "terminer",
    }
)

CHARACTERS_MESSAGE = (
    "Le code ne peut contenir que des lettres sans accent, des chiffres, « . », « - » et "
    "« _ », et commence par une lettre ou un chiffre (par exemple F2.1)."
)


def validate_sheet_code(value):
    """Refuse a code that cannot be a segment of the fiche's address (French message)."""
    if not isinstance(value, str) or not CODE_PATTERN.fullmatch(value):
        raise ValidationError(CHARACTERS_MESSAGE, code="invalid_characters")
    if value.casefold() in RESERVED_CODES:
        raise ValidationError(
            f"« {value} » est un mot réservé des adresses du site : choisissez un autre code.",
            code="reserved",
        )
