"""Pagination of the API's lists: by page number (the page and its size echoed in the
answer; a page past the last answers 404, the first page of an empty list is an empty
page), or by cursor where the list's order is a key (`keyset`): `?cursor=` follows
`next_cursor`, reads the next rows by an index range and counts nothing, however deep.

A list may be read in two steps (`TwoStep`): the page's keys first, from a narrow query
that an index can filter and order, then the wide rows of that page only."""

import base64
import binascii
import json
from typing import Any

from django.db.models import Count, F, Func, TextField, Value, Window
from ninja import Field, Schema
from ninja.pagination import PageNumberPagination

from .errors import ApiError

# Past this offset a page is surely past the end: counted first, never sent as an OFFSET.
MAX_OFFSET = 2**31


class Row(Func):
    """An SQL row value, `(a, b, c)`, compared as a whole (keyset pagination)."""

    template = "(%(expressions)s)"
    arg_joiner = ", "
    output_field = TextField()


class Page(PageNumberPagination):
    class Input(Schema):
        page: int = Field(1, ge=1, description="Numéro de page, à partir de 1.")
        page_size: int | None = Field(None, ge=1, description="Éléments par page (200 au plus).")
        cursor: str | None = Field(
            None,
            max_length=400,
            description=(
                "Curseur : la valeur `next_cursor` d'une réponse précédente. Donne la suite "
                "sans compter ni sauter de lignes, quelle que soit la profondeur (ordre par "
                "défaut seulement) ; `page` est alors ignoré."
            ),
        )

    class Output(Schema):
        items: list[Any]
        count: int | None = Field(
            ..., description="Nombre total d'éléments (null en pagination par curseur)."
        )
        page: int | None = Field(..., description="Numéro de page (null par curseur).")
        page_size: int
        next_cursor: str | None = Field(
            ..., description="Curseur de la suite, à passer dans `cursor` ; null à la fin."
        )

    def __init__(self, page_size=50, max_page_size=200, keyset=None, **kwargs):
        super().__init__(page_size=page_size, max_page_size=max_page_size, **kwargs)
        self.keyset = tuple(keyset or ())

    def paginate_queryset(self, queryset, pagination, request, **params):
        page_size = self._get_page_size(pagination.page_size)
        if pagination.cursor is not None:
            return self._after_cursor(queryset, pagination.cursor, page_size)
        offset = (pagination.page - 1) * page_size
        if isinstance(queryset, TwoStep) and not self._keyed(queryset) and offset < MAX_OFFSET:
            # Ranked (a search): every match is read to order the page anyway, so the
            # page and the count come from that one pass. In the indexed order, a page
            # stops early and the count reads the index alone: two queries are cheaper.
            items, count = queryset.page(offset, page_size)
            if count is None:  # past the end, or nothing at all: count to say which
                count = self._items_count(queryset)
        else:
            items, count = None, self._items_count(queryset)
        last = max(1, -(-count // page_size))
        if pagination.page > last:
            # Like Django's Paginator: a page past the last is not found (and a huge
            # number never reaches the database as an OFFSET).
            raise ApiError(
                "not_found",
                f"Page {pagination.page} inexistante : la dernière page est la page {last} "
                f"({page_size} éléments par page).",
                {"last_page": last},
            )
        if items is None:
            items = list(queryset[offset : offset + page_size])
        has_next = pagination.page < last and self._keyed(queryset)
        return {
            "items": items,
            "count": count,
            "page": pagination.page,
            "page_size": page_size,
            "next_cursor": self._cursor_of(items[-1]) if has_next and items else None,
        }

    # Cursors ---------------------------------------------------------------------------

    def _keyed(self, queryset):
        """Whether the list is in its keyset order (a search by relevance is not)."""
        keys = queryset.keys if isinstance(queryset, TwoStep) else queryset
        return bool(self.keyset) and tuple(keys.query.order_by) == self.keyset

    def _cursor_of(self, item):
        values = [getattr(item, name) for name in self.keyset]
        raw = json.dumps(values, separators=(",", ":")).encode()
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    def _values_of(self, cursor):
        try:
            raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
            values = json.loads(raw)
        except (binascii.Error, ValueError) as exc:
            raise ApiError(
                "bad_request", "Curseur invalide : reprenez la liste depuis le début."
            ) from exc
        if not isinstance(values, list) or len(values) != len(self.keyset):
            raise ApiError("bad_request", "Curseur invalide : reprenez la liste depuis le début.")
        if not all(
            isinstance(value, int | str) and not isinstance(value, bool) for value in values
        ):
            raise ApiError("bad_request", "Curseur invalide : reprenez la liste depuis le début.")
        return values

    def _after_cursor(self, queryset, cursor, page_size):
        if not self._keyed(queryset):
            raise ApiError(
                "bad_request",
                "La pagination par curseur suit l'ordre par défaut de la liste : elle ne se "
                "combine pas avec une recherche (q). Utilisez page.",
            )
        after = Row(*(F(name) for name in self.keyset))
        if cursor:
            bound = Row(*(Value(value) for value in self._values_of(cursor)))
            queryset = (
                queryset.filter_keys(after, bound)
                if isinstance(queryset, TwoStep)
                else (queryset.alias(_after=after).filter(_after__gt=bound))
            )
        items = list(queryset[: page_size + 1])
        more = len(items) > page_size
        items = items[:page_size]
        return {
            "items": items,
            "count": None,
            "page": None,
            "page_size": page_size,
            "next_cursor": self._cursor_of(items[-1]) if more else None,
        }


class TwoStep:
    """A list read in two steps: `keys`, filtered and ordered, gives the page's primary
    keys (a narrow query an index can serve: no wide column is sorted or spilled to
    disk); `rows` reads those rows, with their related rows, in that order."""

    def __init__(self, keys, rows):
        self.keys = keys
        self.rows = rows

    def all(self):
        return self

    def count(self):
        return self.keys.count()

    def filter_keys(self, after, bound):
        return TwoStep(self.keys.alias(_after=after).filter(_after__gt=bound), self.rows)

    def __getitem__(self, index):
        return self._rows_of(list(self.keys.values_list("pk", flat=True)[index]))

    def page(self, offset, size):
        """The rows of one page and the total count, read with one query of the keys
        (COUNT(*) OVER ()); the count is None when the page is empty."""
        keyed = self.keys.annotate(_total=Window(Count("pk"))).values_list("pk", "_total")
        pairs = list(keyed[offset : offset + size])
        if not pairs:
            return [], None
        return self._rows_of([pk for pk, _total in pairs]), pairs[0][1]

    def _rows_of(self, pks):
        found = self.rows.in_bulk(pks)
        return [found[pk] for pk in pks]


class Mapped:
    """A queryset whose page items go through `function` (e.g. audit events rendered in
    French): sliced and counted like the queryset."""

    def __init__(self, queryset, function):
        self.queryset = queryset
        self.function = function

    def all(self):
        return self

    def count(self):
        return self.queryset.count()

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self.function(item) for item in self.queryset[index]]
        return self.function(self.queryset[index])
