"""Feedback pages: the form a company reaches through a fiche's QR code (no account
needed), and the printable QR codes of a meeting's presented fiches (its organisers).

A link that cannot be used (forged, expired, fiche no longer presented) or an answer
already given with the same address gets a clear page with its reason, and nothing is
written."""

import segno
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from territoires.core.errors import ConflictError
from territoires.core.forms import show_errors
from territoires.meetings import feedback, services

from .checkin_views import _managed_meeting
from .forms import FeedbackForm
from .views import _crumbs, meeting_url

STATUS = {"forged": 404, "closed": 404, "expired": 410}


def _unavailable(request, message, status):
    return render(
        request, "meetings/feedback_unavailable.html", {"message": message}, status=status
    )


@never_cache
@require_http_methods(["GET", "POST"])
def give_feedback(request, token):
    try:
        meeting, presented = feedback.read_feedback_token(token)
    except feedback.FeedbackLinkError as exc:
        return _unavailable(request, exc.message, STATUS[exc.reason])
    sheet = presented.sheet
    form = FeedbackForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            feedback.give_feedback(meeting, sheet, acting_user=request.user, **form.cleaned_data)
        except ConflictError as exc:
            return _unavailable(request, exc.message, 409)
        except ValidationError as exc:
            show_errors(form, exc)
        else:
            context = {"meeting": meeting, "sheet": sheet}
            return render(request, "meetings/feedback_done.html", context)
    context = {"meeting": meeting, "sheet": sheet, "presenter": presented.presenter, "form": form}
    return render(request, "meetings/feedback_form.html", context)


def qr_codes(request, territory_code, pk):
    territory, meeting = _managed_meeting(request, territory_code, pk)
    cards = []
    for item in services.agenda(meeting):
        for presented in item.presented_sheets.all():
            url = request.build_absolute_uri(feedback.feedback_path(meeting, presented.sheet))
            qr = segno.make(url, error="m")
            cards.append({"presented": presented, "url": url, "svg": qr.svg_inline(scale=4)})
    context = {
        "territory": territory,
        "meeting": meeting,
        "cards": cards,
        "breadcrumb": _crumbs(
            territory, (meeting.title, meeting_url(meeting, territory)), ("QR codes", None)
        ),
    }
    return render(request, "meetings/qr_codes.html", context)
