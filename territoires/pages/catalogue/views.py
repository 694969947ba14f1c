"""The public catalogue of actions: /actions/ — the published fiches of every territory,
filtered and searched in French, the most relevant first, searched words highlighted."""

from django.shortcuts import render

from territoires.core.paging import page_of
from territoires.funding import filters
from territoires.pages.shortcuts import breadcrumb
from territoires.permissions import policy_for
from territoires.plans import catalogue

from .forms import CatalogueSearchForm

SHEETS_PER_PAGE = 20


def index(request):
    # The financer filter comes from the funding layer, which sits above plans: composed
    # here, offered only to those who read financing plans (funding/filters.py).
    offered = list(filters.financers(request.user))
    form = CatalogueSearchForm(request.GET, financers=offered)
    chosen = form.filters()
    financer = form.chosen_financer()
    condition = filters.funded_by(financer, request.user) if financer else None
    sheets = catalogue.search_catalogue(**chosen, condition=condition)
    page = page_of(request, sheets, SHEETS_PER_PAGE)
    for sheet in page:
        sheet.marked_title = catalogue.highlight(sheet.title, chosen["q"])
        sheet.marked_excerpt = catalogue.excerpt(sheet, chosen["q"])
    context = {
        "form": form,
        "page": page,
        "searched": any(chosen.values()) or bool(financer),
        "show_financer": bool(offered),
        # « S'en inspirer » on each entry, for those who create fiches somewhere.
        "can_inspire": policy_for(request.user).creates_sheets_somewhere(),
        "breadcrumb": breadcrumb(("Catalogue des actions", None)),
    }
    return render(request, "catalogue/index.html", context)
