"""Similar actions: for a fiche, the most similar published fiches of other territories,
by shared words (their stems) and axis, each with a short reason in French.

Candidates come from the one search interface (`search.search_any_bounded`: any of the
stems of the fiche's title, ranked on PostgreSQL within a bounded pool — the fiches holding
them all, then POOL_PER_TERM at most for each stem —, so that a title of common words costs
no more than one of rare words: docs/decisions/0027), at most CANDIDATES of them; they are
scored here, the same on both databases: the share of the fiche's stems each candidate
holds (its title counts double; a stem held by many of the candidates counts less, IDF
over the candidates, so that "industrielle" weighs less than "formation" among friches
industrielles), plus
AXIS_BONUS for the same axis. Only published fiches (`catalogue`), never of the fiche's
own territory.

Stems are French Snowball stems, folded ("actifs" → "actif", which "activités" does not
start with; "foncière" → "fonci"), of words of three letters or more (acronyms such as
"ZAE" count).

Measured on a judgment set of our own (`demo/judgments/similar-actions.json`, `manage.py
evaluate_similar`): nDCG@5 and precision@5 against a plain keyword search.
"""

import math
import re
from bisect import bisect_left

from territoires.core.text import fold, french_stem

from . import catalogue, search

LIMIT = 5
CANDIDATES = 60
# The candidates are ranked among at most (1 + CANDIDATE_STEMS) × POOL_PER_TERM fiches.
POOL_PER_TERM = 60
AXIS_BONUS = 0.25
MAX_STEMS = 16
# The candidates are found by the title's stems only (or the first ones of the text when
# the title has none): each more stem widens the "or" and the rows to rank (at ×10,
# sixteen stems took 350 ms, six of the title under 100 ms).
CANDIDATE_STEMS = 6
_WORD = re.compile(r"[^\W_]+")
# What `\b` separates: a stem is held when one of these begins with it.
_TOKEN = re.compile(r"\w+")
# Frequent French words that say nothing of an action.
STOP_WORDS = frozenset(
    (
        "avec",
        "dans",
        "pour",
        "par",
        "des",
        "les",
        "une",
        "aux",
        "sur",
        "sous",
        "entre",
        "leur",
        "leurs",
        "cette",
        "ces",
        "son",
        "ses",
        "sont",
        "être",
        "plus",
        "moins",
        "tout",
        "tous",
        "toutes",
        "faire",
        "fait",
        "afin",
        "ainsi",
        "mais",
        "comme",
        "elle",
        "elles",
        "nous",
        "vous",
        "ils",
        "qui",
        "que",
        "quoi",
        "dont",
        "notre",
        "votre",
        "nos",
        "vos",
        "très",
        "bien",
        "aussi",
        "autre",
        "autres",
        "mise",
        "place",
        "action",
        "actions",
        "fiche",
        "territoire",
        "territoires",
    )
)


MIN_LENGTH = 3


def stem(word):
    """The folded French stem of a word (lower-cased, accents kept or not), never shorter
    than MIN_LENGTH letters ("zae" stays "zae")."""
    value = french_stem(word)
    return value if len(value) >= MIN_LENGTH else fold(word)


def _significant(text):
    """The significant words of `text`, lower-cased, accents kept, in order."""
    for word in _WORD.findall((text or "").lower()):
        if len(word) >= MIN_LENGTH and fold(word) not in STOP_WORDS and not word.isdigit():
            yield word


def significant_words(text):
    """The distinct folded significant words of `text`, in order."""
    return list(dict.fromkeys(fold(word) for word in _significant(text)))


def stems_of(text):
    """The distinct stems of the significant words of `text`, in order."""
    return list(dict.fromkeys(stem(word) for word in _significant(text)))


def _sheet_stems(sheet):
    title = stems_of(sheet.title)
    others = [s for s in stems_of(f"{sheet.context} {sheet.objectives}") if s not in title]
    return title, (title + others)[:MAX_STEMS]


def _held(stems, text):
    """The stems, of `stems`, that begin a word of the folded `text`."""
    words = sorted(set(_TOKEN.findall(text)))
    held = []
    for stem_ in stems:
        index = bisect_left(words, stem_)
        if index < len(words) and words[index].startswith(stem_):
            held.append(stem_)
    return held


def _word_for(stem_, text):
    """The first word of `text` (as written) beginning with `stem_` once folded."""
    for word in _WORD.findall(text or ""):
        if fold(word).startswith(stem_):
            return word.lower()
    return stem_


def similar_sheets(sheet, limit=LIMIT):
    """Up to `limit` published fiches of other territories, the most similar first, each
    with `similarity` (a score) and `similarity_reason` (French)."""
    title_stems, stems = _sheet_stems(sheet)
    if not stems:
        return []
    candidates = search.search_any_bounded(
        catalogue.public_sheets().exclude(territory_id=sheet.territory_id),
        (title_stems or stems)[:CANDIDATE_STEMS],
        words=significant_words(sheet.title)[:CANDIDATE_STEMS],
        per_term=POOL_PER_TERM,
    )
    with search.through_the_index():
        candidates = list(
            candidates.select_related("territory__region", "axis")
            .only(*catalogue.LIST_COLUMNS, "search_text")
            .order_by("-search_rank", "pk")[:CANDIDATES]
        )
    weights = {s: (2 if s in title_stems else 1) for s in stems}
    found = [(other, _held(stems, other.search_text)) for other in candidates]
    # A stem most candidates hold tells them apart less (IDF over the candidates).
    held = {s: sum(1 for _, shared in found if s in shared) for s in stems}
    rarity = {s: math.log(1 + len(found) / (1 + held[s])) for s in stems}
    total = sum(weights[s] * rarity[s] for s in stems) or 1
    scored = []
    for other, shared in found:
        own_title = fold(other.title)
        score = sum(weights[s] * rarity[s] * (1.5 if s in own_title else 1) for s in shared)
        score /= total
        same_axis = other.axis_id == sheet.axis_id
        if same_axis:
            score += AXIS_BONUS
        other.similarity = round(score, 3)
        scored.append((other, shared, same_axis))
    scored.sort(key=lambda item: (-item[0].similarity, item[0].territory.code, item[0].sort_key))
    # The reason reads the other fiche's own words: written for the ones shown only.
    best = []
    for other, shared, same_axis in scored[:limit]:
        other.similarity_reason = _reason(shared, other, same_axis)
        best.append(other)
    return best


def _reason(shared, other, same_axis):
    text = f"{other.title} {other.context} {other.objectives}"
    shown = [_word_for(s, text) for s in shared[:4]]
    parts = []
    if shown:
        label = "Mot commun" if len(shown) == 1 else "Mots communs"
        parts.append(f"{label} : {', '.join(shown)}")
    if same_axis:
        parts.append(f"même axe ({other.axis.name})")
    reason = " ; ".join(parts)
    return reason[:1].upper() + reason[1:]
