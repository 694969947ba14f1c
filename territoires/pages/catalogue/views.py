"""The public catalogue of actions: /actions/ — the published fiches of every territory,
filtered and searched in French, the most relevant first, searched words highlighted."""

from django.shortcuts import render

from territoires.core.paging import page_of
from territoires.pages.shortcuts import breadcrumb
from territoires.permissions import policy_for
from territoires.plans import catalogue

from .forms import CatalogueSearchForm

SHEETS_PER_PAGE = 20


def index(request):
    form = CatalogueSearchForm(request.GET)
    filters = form.filters()
    sheets = catalogue.search_catalogue(**filters)
    page = page_of(request, sheets, SHEETS_PER_PAGE)
    for sheet in page:
        sheet.marked_title = catalogue.highlight(sheet.title, filters["q"])
        sheet.marked_excerpt = catalogue.excerpt(sheet, filters["q"])
    context = {
        "form": form,
        "page": page,
        "searched": any(filters.values()),
        # « S'en inspirer » on each entry, for those who create fiches somewhere.
        "can_inspire": policy_for(request.user).creates_sheets_somewhere(),
        "breadcrumb": breadcrumb(("Catalogue des actions", None)),
    }
    return render(request, "catalogue/index.html", context)
