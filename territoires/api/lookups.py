"""Objects an endpoint acts on, found for the caller: what they may not see is a 404,
whether it exists or not (nothing leaks). Shared by the endpoints of every domain."""

from django.http import Http404

from territoires.permissions import policy_for
from territoires.plans.models import ActionSheet


def visible_sheet(request, sheet_id, *, queryset=None):
    """The fiche if the caller may see it; otherwise 404, whether it exists or not.
    Deleted fiches are 404 too, even for those who may restore them (from the bin page)."""
    queryset = queryset if queryset is not None else ActionSheet.objects.select_related("territory")
    sheet = queryset.alive().filter(pk=sheet_id).first()
    if sheet is None or not policy_for(request.user).can_view_sheet(sheet):
        raise Http404
    return sheet
