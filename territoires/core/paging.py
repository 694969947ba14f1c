"""Pages of a long list in the HTML pages: a fixed number of rows whatever the list's
size, the other query parameters (filters) kept in the page links."""

from django.core.paginator import Paginator


def page_of(request, object_list, per_page):
    """The page asked by `?page=`; a malformed or out-of-range number gives the first or
    the last page (Django's `get_page`), never an error. Costs a COUNT and one page."""
    return Paginator(object_list, per_page).get_page(request.GET.get("page"))


def page_url(request, number):
    """The current address at page `number`, filters kept."""
    query = request.GET.copy()
    query["page"] = number
    return f"?{query.urlencode()}"
