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
