"""Small text helpers shared by the apps."""

import re
import unicodedata
from functools import lru_cache

import snowballstemmer

_NUMBER = re.compile(r"(\d+)")
_french_stemmer = snowballstemmer.stemmer("french")


def natural_key(code: str) -> str:
    """A sortable string for codes such as F1, F2.0, F2.1, F10, F11.

    Each run of digits is zero-padded so that a plain ORDER BY on the key gives the
    natural order (F2.1 < F2.2 < F3 < F10), on SQLite and PostgreSQL alike.
    """
    parts = _NUMBER.split(code.strip().upper())
    return "".join(part.zfill(8) if part.isdigit() else part for part in parts)


def fold(text: str) -> str:
    """Lower-case text without accents, for accent-insensitive comparisons."""
    normalized = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in normalized if not unicodedata.combining(c)).casefold()


def alphabetical(items, name=lambda item: item.name):
    """`items` in French alphabetical order of their name: "Île-de-France" between
    "Hauts-de-France" and "La Réunion", where SQL's byte order puts it after "Occitanie"."""
    return sorted(items, key=lambda item: (fold(name(item)), name(item)))


@lru_cache(maxsize=50_000)
def french_stem(word: str) -> str:
    """The folded French Snowball stem of one word ("Formations" → "format", "foncière"
    → "fonci"): the one stemmer of the funding suggestions, similar actions and search."""
    return fold(_french_stemmer.stemWord(word.lower()))


_WORD = re.compile(r"[^\W_]+")
# The stop words of PostgreSQL's `french` text-search configuration (Snowball's list),
# folded: what its full-text search leaves out of vectors and queries.
_FRENCH_STOP_TEXT = """
    au aux avec ce ces dans de des du elle en et eux il je la le leur lui ma mais me même
    mes moi mon ne nos notre nous on ou par pas pour qu que qui sa se ses son sur ta te tes
    toi ton tu un une vos votre vous c d j l à m n s t y été étée étées étés étant étante
    étants étantes suis es est sommes êtes sont serai seras sera serons serez seront serais
    serait serions seriez seraient étais était étions étiez étaient fus fut fûmes fûtes
    furent sois soit soyons soyez soient fusse fusses fût fussions fussiez fussent ayant
    ayante ayantes ayants eu eue eues eus ai as avons avez ont aurai auras aura aurons aurez
    auront aurais aurait aurions auriez auraient avais avait avions aviez avaient eut eûmes
    eûtes eurent aie aies ait ayons ayez aient eusse eusses eût eussions eussiez eussent
"""
FRENCH_STOP_WORDS = frozenset(fold(word) for word in _FRENCH_STOP_TEXT.split())


def french_stems(text: str) -> list[str]:
    """The folded French stems of the words of `text`, in order, without the stop words
    ("l'offre foncière" → ["offre", "foncier"]): what SQLite's full-text index holds, as
    PostgreSQL's `french` configuration would (plans/search.py)."""
    return [
        french_stem(word) for word in _WORD.findall(fold(text)) if word not in FRENCH_STOP_WORDS
    ]
