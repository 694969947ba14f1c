"""Pages of a long list in the HTML pages: a fixed number of rows whatever the list's
size, the other query parameters (filters) kept in the page links."""

from django.core.paginator import Paginator


def page_of(request, object_list, per_page, param="page"):
    """The page asked by `?page=` (or `?<param>=`, for a second list on the same page); a
    malformed or out-of-range number gives the first or the last page (Django's
    `get_page`), never an error. Costs a COUNT and one page. The page knows its `param`
    for its links (core/_pagination.html)."""
    page = Paginator(object_list, per_page).get_page(request.GET.get(param))
    page.param = param
    return page


def page_url(request, number, param="page"):
    """The current address at page `number` of the list paged by `param`, filters and
    the other lists' pages kept."""
    query = request.GET.copy()
    query[param] = number
    return f"?{query.urlencode()}"
