"""Which axes of the programme a scheme serves, read from its words when the source does
not say (the Aides-territoires export has no axis; its API has themes, read the same way).

Each axis of Territoires d'industrie has a short list of words; a scheme serves an axis
when its name holds one of them, or its description and themes hold two. An axis whose
code is not listed here is never inferred (another programme names its own words, or
sets the axes of its schemes in the admin).
"""

from .text import stems

AXIS_WORDS = {
    "attirer": """attractivité attractif implantation implanter foncier foncière friche
        friches zone zones revitalisation redynamisation centre-bourg centre-ville
        aménagement logement habitat mobilité tourisme touristique patrimoine cadre
        marketing commerce commerces réhabilitation reconversion""",
    "recruter": """emploi emplois recrutement recruter formation formations compétence
        compétences apprentissage apprenti insertion métier métiers jeunes orientation
        qualification salariés travail chômage alternance""",
    "innover": """innovation innovant innover recherche numérique technologie
        technologique industrie transition énergétique énergie énergies renouvelable
        décarbonation hydrogène circulaire expérimentation laboratoire prototype
        modernisation écologique climat""",
    "simplifier": """simplification simplifier démarche démarches administratif
        administrative juridique guichet procédure procédures réglementaire instruction
        ingénierie conseil diagnostic""",
}

_AXIS_STEMS = {code: stems(words) for code, words in AXIS_WORDS.items()}


def infer_axis_codes(name: str, text: str) -> list[str]:
    """The codes of the axes a scheme of this name and description (themes included)
    serves, in the order of AXIS_WORDS."""
    name_stems, text_stems = stems(name), stems(text)
    codes = []
    for code, axis_stems in _AXIS_STEMS.items():
        if name_stems & axis_stems or len(text_stems & axis_stems) >= 2:
            codes.append(code)
    return codes
