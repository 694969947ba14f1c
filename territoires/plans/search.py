"""Text search over fiches action, in French, behind one interface for both databases.

Each fiche stores what is searched, kept up to date by `index_sheet` on every save
(`ActionSheet.save` and `ActionSheet.objects.bulk_create`): `search_text`, its code, title,
context and objectives lower-cased without accents (`core.text.fold`), and on PostgreSQL
`search_vector`, the French full-text vector of that text, under a GIN index.

On PostgreSQL: French full-text search on the stored vector (stemming, "formations" finds
"formation"; accents folded on both sides, "fonciere" finds "foncière"), with the
web-search syntax ("a b", "a or b", "-a", quotes), or the exact code whatever its case
(an index on UPPER(code)). Elsewhere (SQLite in development and tests): every word must
appear in the stored folded text.
"""

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import F, FloatField, Q, Value

from territoires.core.text import fold

SEARCH_FIELDS = ("code", "title", "context", "objectives")
STORED_FIELDS = ("search_text", "search_vector")
CONFIG = "french"


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


def search_sheets(queryset, q, *, rank=False):
    """Filter a queryset of ActionSheet with the text `q`; an empty `q` filters nothing.

    With `rank=True`, the result carries a `search_rank` annotation (PostgreSQL's rank;
    0 elsewhere) and the caller decides the ordering."""
    q = (q or "").strip()
    if not q:
        return queryset
    if connection.vendor == "postgresql":
        query = SearchQuery(fold(q), config=CONFIG, search_type="websearch")
        queryset = queryset.filter(Q(search_vector=query) | Q(code__iexact=q))
        if rank:
            queryset = queryset.annotate(search_rank=SearchRank(F("search_vector"), query))
        return queryset
    for term in _terms(q):
        queryset = queryset.filter(search_text__contains=term)
    if rank:
        queryset = queryset.annotate(search_rank=Value(0.0, output_field=FloatField()))
    return queryset
