"""On the day: the check-in page (search as you type, one button per registrant, walk-ins
added in seconds) and the sign-in sheet PDF. The meeting's managers only."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from territoires.core.forms import show_errors
from territoires.core.text import fold
from territoires.meetings import registrations, signin
from territoires.meetings.models import Registration, RegistrationStatus
from territoires.pages.shortcuts import get_territory
from territoires.permissions import policy_for

from .forms import WalkInForm
from .views import _crumbs, get_visible_meeting, meeting_url


def _managed_meeting(request, territory_code, pk):
    territory = get_territory(territory_code)
    meeting = get_visible_meeting(request, territory, pk)
    if not policy_for(request.user).can_manage_meetings(territory):
        raise PermissionDenied("Réservé aux organisateurs de la rencontre.")
    return territory, meeting


def _checkin_url(territory, meeting):
    return reverse("meetings:checkin", args=[territory.code, meeting.pk])


@require_http_methods(["GET", "POST"])
def checkin(request, territory_code, pk):
    territory, meeting = _managed_meeting(request, territory_code, pk)
    form = WalkInForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            added = registrations.add_walk_in(
                meeting, acting_user=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            show_errors(form, exc)
        else:
            messages.success(request, f"{added.full_name} : présence enregistrée.")
            return redirect(_checkin_url(territory, meeting))
    query = " ".join(request.GET.get("q", "").split())[:100]
    people = (
        meeting.registrations.exclude(status=RegistrationStatus.CANCELLED)
        .select_related("organisation")
        .order_by("last_name", "first_name", "id")
    )
    if query:
        words = fold(query).split()
        people = [
            r
            for r in people
            if all(
                word in fold(f"{r.first_name} {r.last_name} {r.organisation_label}")
                for word in words
            )
        ]
    people = sorted(people, key=lambda r: (fold(r.last_name), fold(r.first_name), r.pk))
    context = {
        "territory": territory,
        "meeting": meeting,
        "people": people,
        "query": query,
        "present": meeting.registrations.filter(status=RegistrationStatus.ATTENDED).count(),
        "form": form,
        "breadcrumb": _crumbs(
            territory, (meeting.title, meeting_url(meeting, territory)), ("Accueil", None)
        ),
    }
    return render(request, "meetings/checkin.html", context)


@require_POST
def checkin_mark(request, territory_code, pk, registration_pk):
    territory, meeting = _managed_meeting(request, territory_code, pk)
    registration = get_object_or_404(Registration, meeting=meeting, pk=registration_pk)
    try:
        registrations.mark_attended(registration, acting_user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"{registration.full_name} : présence enregistrée.")
    query = request.POST.get("q", "")
    suffix = "?" + urlencode({"q": query}) if query else ""
    return redirect(_checkin_url(territory, meeting) + suffix)


def sign_in_sheet(request, territory_code, pk):
    territory, meeting = _managed_meeting(request, territory_code, pk)
    response = HttpResponse(signin.sign_in_sheet_pdf(meeting), content_type="application/pdf")
    filename = f"emargement-{meeting.date:%Y-%m-%d}.pdf"
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
