"""When two names denote the same organisation of the directory: "Conseil régional du
Grand Est" and "Région Grand Est", "Caisse des dépôts" and "Banque des Territoires",
"BPI France" and "Bpifrance", "l'État" and "Préfecture".

`identity_key(name)` is the one rule: two names with the same key are one organisation.
It folds case, accents, punctuation and articles, drops an acronym in brackets after a
name, and then:

- a Région's, a Département's or a Préfecture's many names ("Conseil régional de",
  "Région", "Collectivité régionale"; "Conseil départemental de", "Conseil général de",
  "Département de"; "Préfecture de", "Préfecture de la région") become the kind and the
  place ("region grand est", "departement aube", "prefecture haute marne");
- the State without a place ("État", "Etat français", "Préfecture", "Services de
  l'État") is "etat";
- the national operators and the European Union known under several names or acronyms
  are found in ALIASES.
"""

import re

from territoires.core.text import fold

# Names (folded as by _words) of one organisation → its key.
_ALIAS_GROUPS = {
    "banque des territoires": [
        "banque des territoires",
        "caisse des depots",
        "caisse des depots et consignations",
        "groupe caisse des depots",
        "cdc",
    ],
    "bpifrance": ["bpifrance", "bpi france", "bpi", "banque publique d investissement"],
    "ademe": [
        "ademe",
        "agence de l environnement et de la maitrise de l energie",
        "agence de la transition ecologique",
    ],
    "anct": ["anct", "agence nationale de la cohesion des territoires"],
    "anah": ["anah", "agence nationale de l habitat"],
    "cerema": ["cerema"],
    "france travail": ["france travail", "pole emploi"],
    "union europeenne": ["union europeenne", "commission europeenne", "ue"],
    "etat": [
        "etat",
        "etat francais",
        "prefecture",
        "services de l etat",
        "gouvernement",
    ],
}
ALIASES = {name: key for key, names in _ALIAS_GROUPS.items() for name in names}

_ARTICLE = r"(?:(?:de la|de l|du|des|de|d|la|le|les|l)\s+)?"
_PLACES = [
    (
        re.compile(rf"^(?:conseil regional|region|collectivite regionale)\s+{_ARTICLE}(.+)$"),
        "region",
    ),
    (
        re.compile(rf"^(?:conseil departemental|conseil general|departement)\s+{_ARTICLE}(.+)$"),
        "departement",
    ),
    (
        re.compile(rf"^prefecture\s+(?:de\s+(?:la\s+)?region\s+)?{_ARTICLE}(.+)$"),
        "prefecture",
    ),
]
_BRACKETS = re.compile(r"\s*\(([^()]*)\)\s*$")


def _words(text):
    """Folded, punctuation (hyphens and apostrophes included) as spaces, single-spaced."""
    return " ".join(re.sub(r"[^a-z0-9]+", " ", fold(text)).split())


def identity_key(name: str) -> str:
    """The key that the names of one organisation share ("Conseil régional du Grand Est"
    and "Région Grand-Est" → "region grand est")."""
    name = (name or "").strip()
    bracket = _BRACKETS.search(name)
    acronym = _words(bracket.group(1)) if bracket else ""
    words = _words(_BRACKETS.sub("", name)) if bracket else _words(name)
    if words.startswith("l "):
        words = words[2:]
    if words in ALIASES:
        return ALIASES[words]
    if acronym in ALIASES:
        return ALIASES[acronym]
    for pattern, kind in _PLACES:
        match = pattern.match(words)
        if match:
            return f"{kind} {match.group(1)}"
    return words or acronym
