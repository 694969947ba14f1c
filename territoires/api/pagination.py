"""Page-number pagination with the page and its size echoed in the answer; a page past
the last answers 404 (the first page of an empty list is an empty page)."""

from typing import Any

from ninja import Field, Schema
from ninja.pagination import PageNumberPagination

from .errors import ApiError


class Page(PageNumberPagination):
    class Input(Schema):
        page: int = Field(1, ge=1, description="Numéro de page, à partir de 1.")
        page_size: int | None = Field(None, ge=1, description="Éléments par page (200 au plus).")

    class Output(Schema):
        items: list[Any]
        count: int = Field(..., description="Nombre total d'éléments.")
        page: int
        page_size: int

    def __init__(self, page_size=50, max_page_size=200, **kwargs):
        super().__init__(page_size=page_size, max_page_size=max_page_size, **kwargs)

    def paginate_queryset(self, queryset, pagination, request, **params):
        page_size = self._get_page_size(pagination.page_size)
        count = self._items_count(queryset)
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
        offset = (pagination.page - 1) * page_size
        return {
            "items": list(queryset[offset : offset + page_size]),
            "count": count,
            "page": pagination.page,
            "page_size": page_size,
        }


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
