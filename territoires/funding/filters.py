"""What the funding layer adds to the lists of fiches kept below it (plans): the public
catalogue's financer filter.

A financing plan is read only by those who read its territory's restricted content
(`permissions/funding.py`: amounts and financers are not published with a public fiche).
The filter therefore keeps the fiches having a line of the financer (a refused line is no
funding) in the territories whose plans the user reads: it never tells anyone more than
the financing pages do. An anonymous visitor is offered no financer and finds nothing by
one (decision 0020).
"""

from django.db.models import Exists, OuterRef, Q

from territoires.organisations.models import Organisation
from territoires.permissions import policy_for

from .models import FundingLine, LineStatus


def _lines(user):
    lines = FundingLine.objects.exclude(status=LineStatus.REFUSED)
    territories = policy_for(user).readable_funding_territories()
    if territories is not None:
        lines = lines.filter(sheet__territory_id__in=territories)
    return lines


def funded_by(financer_id, user):
    """The condition on fiches (ActionSheet) of the financer filter, for this user."""
    lines = _lines(user).filter(sheet=OuterRef("pk"), financer_id=financer_id)
    return Q(Exists(lines))


def financers(user):
    """The financers of the lines the user reads, by name: the filter's choices."""
    ids = _lines(user).values("financer_id")
    return Organisation.objects.filter(pk__in=ids).order_by("name", "pk")
