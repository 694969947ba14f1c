"""Text search over fiches action, in French.

On PostgreSQL: French full-text search (stemming, "formations" finds "formation") on the
code, title, context and objectives, accent-insensitive, with the web-search syntax
("a b", "a or b", "-a", quotes). Elsewhere (SQLite in development and tests): every word
must appear somewhere in those fields, ignoring case and accents, tested in SQL with the
`ti_fold` function that the core app registers on SQLite connections.
"""

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import F, FloatField, Func, Q, TextField, Value
from django.db.models.functions import Coalesce, Concat

from territoires.core.text import fold

SEARCH_FIELDS = ("code", "title", "context", "objectives")


_ACCENTED = "àáâãäåçèéêëìíîïñòóôõöùúûüýÿœæÀÁÂÃÄÅÇÈÉÊËÌÍÎÏÑÒÓÔÕÖÙÚÛÜÝŸŒÆ"
_PLAIN = "aaaaaaceeeeiiiinooooouuuuyyoaAAAAAACEEEEIIIINOOOOOUUUUYYOA"
assert len(_ACCENTED) == len(_PLAIN)


class Unaccent(Func):
    """Lower-case text without French accents, in plain SQL (no extension needed)."""

    function = "TRANSLATE"
    template = f"LOWER(%(function)s(%(expressions)s, '{_ACCENTED}', '{_PLAIN}'))"
    output_field = TextField()


class Fold(Func):
    """SQLite: the same folding as territoires.core.text.fold, registered by the core app."""

    function = "ti_fold"
    output_field = TextField()


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
        # Both sides lose their accents first, so "fonciere" finds "foncière"; the French
        # stemmer then makes "formations" find "formation".
        vector = SearchVector(
            *(Unaccent(Coalesce(F(name), Value(""))) for name in SEARCH_FIELDS), config="french"
        )
        query = SearchQuery(
            Unaccent(Value(q, output_field=TextField())), config="french", search_type="websearch"
        )
        queryset = queryset.annotate(search_vector=vector).filter(
            Q(search_vector=query) | Q(code__iexact=q)
        )
        if rank:
            queryset = queryset.annotate(search_rank=SearchRank(vector, query))
        return queryset
    terms = _terms(q)
    if terms:
        parts = []
        for name in SEARCH_FIELDS:
            parts += [Coalesce(F(name), Value("")), Value(" ")]
        queryset = queryset.annotate(search_text=Fold(Concat(*parts, output_field=TextField())))
        for term in terms:
            queryset = queryset.filter(search_text__contains=term)
    if rank:
        queryset = queryset.annotate(search_rank=Value(0.0, output_field=FloatField()))
    return queryset
