"""French text as sets of word stems, for matching fiches with schemes.

A text is cut into words, the French stop words (articles, prepositions, auxiliaries and
the catalogue's boilerplate such as "projet", "aide") are dropped, each word is reduced
to its Snowball stem ("formations", "formation" → "format") and the stem is folded
(case, accents: "foncière" → "fonci"). Two texts share a word when they share a stem.
A hyphenated word gives its joined form too ("plate-forme" → "plateforme", which
"plateforme" finds), besides its parts (`compound_parts` tells them apart: the "forme"
of "plate-forme" is weaker evidence than a "forme" of its own).
"""

import re
from collections import Counter

from territoires.core.text import fold, french_stem

_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*", re.UNICODE)
_ELISION = re.compile(r"^(?:l|d|j|m|n|s|t|c|qu|jusqu|lorsqu|puisqu)['’]", re.IGNORECASE)

# Function words, and words every scheme or fiche uses (they tell nothing apart).
_STOP_TEXT = """
    a à afin ainsi alors au aucun aussi autre autres aux avec avoir bien car ce ceci cela
    celle celles celui ces cet cette ceux chaque chez comme comment dans de des donc dont du
    elle elles en encore entre est et été être eux fait faire font hors il ils je la le les
    leur leurs lors lui mais même mêmes mes moins mon ne ni non nos notre nous on ont ou où
    par parmi pas pendant peu peut peuvent plus pour pourra pouvant qu que quel quelle quels
    qui sa sans se selon ses si son sont sous soit sur ta te tel telle tels tes toi ton tous
    tout toute toutes très tu un une unes uns vers via vos votre vous y etc
    aide aides aider dispositif dispositifs projet projets action actions accompagner
    accompagnement soutien soutenir financement financer financière financier permettre
    permet cadre mise place mettre œuvre objectif objectifs notamment type types ensemble
"""
STOP_WORDS = frozenset(fold(word) for word in _STOP_TEXT.split())


def stem(word: str) -> str:
    """The folded stem of one word ("Formations" → "format")."""
    return french_stem(word)


def words(text: str) -> list[str]:
    """The meaningful words of a text, elisions removed ("l'industrie" → "industrie")."""
    found = []
    for match in _WORD.finditer(text or ""):
        word = _ELISION.sub("", match.group())
        parts = re.split(r"['’-]", word)
        if len(parts) > 1 and fold("".join(parts)) not in STOP_WORDS:
            found.append("".join(parts))
        for part in parts:
            if len(part) > 2 and fold(part) not in STOP_WORDS:
                found.append(part)
    return found


def stems(text: str) -> set[str]:
    """The set of folded stems of the meaningful words of a text."""
    return {stem(word) for word in words(text)}


def compound_parts(text: str) -> set[str]:
    """The stems that the text has only as parts of hyphenated words."""
    alone, parts = set(), set()
    for match in _WORD.finditer(text or ""):
        pieces = re.split(r"['’-]", _ELISION.sub("", match.group()))
        (parts if len(pieces) > 1 else alone).update(stem(piece) for piece in pieces)
    return parts - alone


_ACRONYM = re.compile(r"\b[A-Z]{2}\b")


def acronyms(text: str) -> list[str]:
    """The two-letter acronyms of a text ("RH", "ZA"), too short to be words."""
    return _ACRONYM.findall(text or "")


def stem_counts(text: str) -> Counter:
    """How many times each folded stem occurs in a text."""
    return Counter(stem(word) for word in words(text))


def representatives(text: str) -> dict[str, str]:
    """stem → the first word of the text that has it, lower-cased, to show in a reason
    ("mots communs : formation, maintenance")."""
    shown = {}
    for word in words(text):
        shown.setdefault(stem(word), word.lower())
    return shown
