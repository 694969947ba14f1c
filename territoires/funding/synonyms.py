"""Words of the programme that say the same thing, so that a fiche's "mobilité" finds a
scheme's "transports" and a fiche's "RH" finds "recrutement".

Each group is a plain list of French words and acronyms used in the fiches of Territoires
d'industrie and in funding schemes for one need; it was written from the programme's
vocabulary (its four axes and the usual titles of its fiches), not from the schemes of a
catalogue. A fiche's word found in a group brings the group's other words into the
search, each counting SYNONYM times what the fiche's own words count.
"""

from functools import lru_cache

from territoires.core.text import fold

from .text import stem

SYNONYM = 0.5

GROUPS = [
    "mobilité mobilités transport transports déplacement déplacements covoiturage navette",
    "foncier foncière immobilier immobilière terrain terrains locaux parcelle parcelles",
    "friche friches reconversion dépollution réhabilitation",
    "prospection implantation installation",
    "marketing promotion attractivité valorisation",
    "recrutement recruter embauche emploi emplois rh compétences",
    "formation former apprentissage alternance qualification",
    "métier métiers filière filières savoir-faire",
    "entreprise entreprises pme tpe entrepreneurs industriels artisans",
    "numérique digital tech startup start-up",
    "innovation innover innovant recherche",
    "urbanisme plu plui scot constructibilité inconstructibilité",
    "instruction autorisation autorisations permis procédure procédures",
    "zone zones zae za zi",
    "sous-traitance sous-traitant sous-traitants fournisseurs",
    "salariés salarié actifs travailleurs",
    "logement logements habitat",
    "énergie énergétique énergies renouvelables décarbonation",
]


def _key(word):
    """A word of the table as the fiche's words are compared: its folded stem; short
    words (acronyms such as RH) folded whole."""
    joined = word.replace("-", "")
    return stem(joined) if len(joined) > 2 else fold(joined)


@lru_cache(maxsize=1)
def _groups():
    """stem → (the stems of its groups, stem → the word of the table to show)."""
    related, shown = {}, {}
    for group in GROUPS:
        words = group.split()
        keys = [_key(word) for word in words]
        for key, word in zip(keys, words, strict=True):
            shown.setdefault(key, word)
        for key in keys:
            related.setdefault(key, set()).update(keys)
    return related, shown


def related_stems(stems, short_words=()):
    """stem → the word to show, for the stems related to `stems` (and to the short words
    of the fiche, such as "RH") that are not among them."""
    related, shown = _groups()
    found = {}
    for key in [*stems, *(fold(word) for word in short_words)]:
        for other in related.get(key, ()):
            if other not in stems:
                found.setdefault(other, shown[other])
    return found
