"""Text search over fiches action, in French, behind one interface for both databases.

Each fiche stores what is searched, kept up to date by `index_sheet` on every save
(`ActionSheet.save` and `ActionSheet.objects.bulk_create`): `search_text`, its code, title,
context and objectives lower-cased without accents (`core.text.fold`), and on PostgreSQL
`search_vector`, the French full-text vector of that text, under a GIN index.

On PostgreSQL: French full-text search on the stored vector (stemming, "formations" finds
"formation"; accents folded on both sides, "fonciere" finds "foncière"), with the
web-search syntax ("a b", "a or b", "-a", quotes), or the exact code whatever its case
(an index on UPPER(code)). A plain query (no operator) also matches its words of three
letters or more as stem prefixes: "foncier" is stemmed "fonci" but "foncière" "foncier",
so `fonci:*` finds it. Elsewhere (SQLite in development and tests): every word must
appear in the stored folded text.
"""

import re

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import F, FloatField, Q, Value

from territoires.core.text import fold

SEARCH_FIELDS = ("code", "title", "context", "objectives")
STORED_FIELDS = ("search_text", "search_vector")
CONFIG = "french"
_WORD = re.compile(r"[^\W_]+")
# A query using the web-search syntax: quotes, an excluded word, "or".
_OPERATORS = re.compile(r'["]|(?:^|\s)-|\bor\b')
MAX_PREFIX_WORDS = 20


def searchable_text(sheet):
    """The folded text a fiche is found by."""
    return fold(" ".join(getattr(sheet, name) or "" for name in SEARCH_FIELDS))


def _vector(expression):
    return SearchVector(expression, config=CONFIG)


def index_sheet(sheet):
    """Fill the stored search columns of `sheet`, about to be saved. On PostgreSQL the
    vector is an SQL expression computed by the INSERT or UPDATE itself (no extra query)."""
    sheet.search_text = searchable_text(sheet)
    if connection.vendor == "postgresql":
        sheet.search_vector = _vector(Value(sheet.search_text))


def fill_vectors(queryset):
    """After a bulk write that set `search_text` (bulk_create, a migration): compute the
    vectors of these fiches in one UPDATE. Nothing to do on SQLite."""
    if connection.vendor == "postgresql":
        queryset.update(search_vector=_vector(F("search_text")))


def _terms(q):
    return [term for term in fold(q).replace('"', " ").split() if term]


def _prefix_query(folded):
    """For a plain query, every word as a prefix of a stem (`word:*`), all required; None
    when the query uses operators or has no word. Only word characters reach the raw
    tsquery, so no input can make it malformed."""
    if _OPERATORS.search(folded):
        return None
    words = [word for word in _WORD.findall(folded) if len(word) >= 3][:MAX_PREFIX_WORDS]
    if not words:
        return None
    return SearchQuery(" & ".join(f"{word}:*" for word in words), config=CONFIG, search_type="raw")


def search_sheets(queryset, q, *, rank=False):
    """Filter a queryset of ActionSheet with the text `q`; an empty `q` filters nothing.

    With `rank=True`, the result carries a `search_rank` annotation (PostgreSQL's rank;
    0 elsewhere) and the caller decides the ordering."""
    q = (q or "").strip()
    if not q:
        return queryset
    if connection.vendor == "postgresql":
        folded = fold(q)
        query = SearchQuery(folded, config=CONFIG, search_type="websearch")
        prefix = _prefix_query(folded)
        if prefix is not None:
            query = query | prefix
        queryset = queryset.filter(Q(search_vector=query) | Q(code__iexact=q))
        if rank:
            queryset = queryset.annotate(search_rank=SearchRank(F("search_vector"), query))
        return queryset
    for term in _terms(q):
        queryset = queryset.filter(search_text__contains=term)
    if rank:
        queryset = queryset.annotate(search_rank=Value(0.0, output_field=FloatField()))
    return queryset


def search_any(queryset, prefixes, *, words=(), rank=False):
    """Filter a queryset of ActionSheet down to the fiches holding at least one of
    `prefixes` (folded word beginnings, letters and digits only) at the beginning of a
    word, or one of `words` (folded). PostgreSQL: `word | prefix:*` terms joined by "or"
    on the stored vector (the whole word too, since the stemmer may cut the fiche's word
    shorter than the prefix: "batiments" is stemmed "bat"); elsewhere, each prefix
    anywhere in the folded text. Nothing to look for filters everything out. With
    `rank=True`, a `search_rank` annotation as in `search_sheets`."""
    prefixes = [prefix for prefix in prefixes if _WORD.fullmatch(prefix)]
    words = [word for word in words if _WORD.fullmatch(word)]
    if not prefixes and not words:
        return queryset.none()
    if connection.vendor == "postgresql":
        terms = [*words, *(f"{prefix}:*" for prefix in prefixes)]
        query = SearchQuery(" | ".join(terms), config=CONFIG, search_type="raw")
        queryset = queryset.filter(search_vector=query)
        if rank:
            queryset = queryset.annotate(search_rank=SearchRank(F("search_vector"), query))
        return queryset
    condition = Q()
    for term in prefixes or words:
        condition |= Q(search_text__contains=term)
    queryset = queryset.filter(condition)
    if rank:
        queryset = queryset.annotate(search_rank=Value(0.0, output_field=FloatField()))
    return queryset


def search_any_bounded(queryset, prefixes, *, words=(), per_term):
    """`search_any` with `rank=True`, on a bounded set of fiches whatever the words: the
    fiches holding every prefix (at most `per_term` of them), then, for each prefix (with
    the words it begins), at most `per_term` fiches holding it, the first by id (the same
    ones at every call). A rare word brings all its fiches, a common one no more than
    `per_term`, so ranking costs the same for "commune" as for "mouillages" (ranking the
    thousands of fiches a common word matches took 150 ms at ×10). PostgreSQL: one
    query, each part stopped at its limit; elsewhere (SQLite, small data), `search_any`
    as it is (docs/decisions/0027)."""
    prefixes = [prefix for prefix in prefixes if _WORD.fullmatch(prefix)]
    words = [word for word in words if _WORD.fullmatch(word)]
    if connection.vendor != "postgresql" or not prefixes:
        return search_any(queryset, prefixes, words=words, rank=True)
    terms = [
        " | ".join([*(word for word in words if word.startswith(prefix)), f"{prefix}:*"])
        for prefix in prefixes
    ]
    terms += [word for word in words if not any(word.startswith(p) for p in prefixes)]
    parts = [" & ".join(f"({term})" for term in terms), *terms]
    pools = [
        queryset.filter(search_vector=SearchQuery(part, config=CONFIG, search_type="raw"))
        .order_by("pk")
        .values("pk")[:per_term]
        for part in parts
    ]
    # Every fiche of the pool holds a term: ranked without being matched again (its vector
    # read once).
    query = SearchQuery(" | ".join(terms), config=CONFIG, search_type="raw")
    return queryset.filter(pk__in=pools[0].union(*pools[1:], all=True)).annotate(
        search_rank=SearchRank(F("search_vector"), query)
    )
