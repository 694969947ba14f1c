"""Registration pages: the registration form of a meeting, and the registrant's personal
page reached with the token of the confirmation email (see, cancel).

The form never tells a visitor whether an address was already registered (the service
gives the existing registration back, and the page says the same thing in both cases);
an unknown or forged token gets a clear page and nothing is written."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from territoires.core.errors import RateLimitedError
from territoires.core.forms import show_errors
from territoires.core.http import client_ip
from territoires.meetings import registrations
from territoires.meetings.models import MeetingStatus, Registration, RegistrationStatus
from territoires.pages.errors import too_many_requests
from territoires.pages.shortcuts import get_territory

from .forms import RegistrationForm
from .views import _crumbs, get_visible_meeting, meeting_url


@require_http_methods(["GET", "POST"])
def register(request, territory_code, pk):
    territory = get_territory(territory_code)
    meeting = get_visible_meeting(request, territory, pk)
    form = RegistrationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            registrations.register(
                meeting,
                acting_user=request.user,
                first_name=data["first_name"],
                last_name=data["last_name"],
                email=data["email"],
                organisation_name=data["organisation_name"],
                job_title=data["job_title"],
                siret=data["siret"],
                base_url=request.build_absolute_uri("/"),
                ip_address=client_ip(request),
            )
        except RateLimitedError as exc:
            return too_many_requests(request, exc)
        except ValidationError as exc:
            show_errors(form, exc)
        else:
            context = {"territory": territory, "meeting": meeting, "email": data["email"]}
            context["breadcrumb"] = _crumbs(
                territory, (meeting.title, meeting_url(meeting, territory)), ("Inscription", None)
            )
            return render(request, "meetings/registration_done.html", context)
    context = {
        "territory": territory,
        "meeting": meeting,
        "form": form,
        "is_open": meeting.status == MeetingStatus.PLANNED,
        "breadcrumb": _crumbs(
            territory, (meeting.title, meeting_url(meeting, territory)), ("Inscription", None)
        ),
    }
    return render(request, "meetings/registration_form.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
def registration(request, token):
    found = (
        Registration.objects.filter(token=token)
        .select_related("meeting__territory")
        .order_by("pk")
        .first()
        if len(token) <= 64
        else None
    )
    if found is None:
        return render(request, "meetings/registration_unknown.html", status=404)
    meeting = found.meeting
    can_cancel = meeting.status == MeetingStatus.PLANNED and found.status in (
        RegistrationStatus.REGISTERED,
        RegistrationStatus.WAITING,
    )
    if request.method == "POST":
        if can_cancel:
            registrations.cancel_registration(
                found,
                acting_user=request.user,
                token=token,
                base_url=request.build_absolute_uri("/"),
            )
            messages.success(request, "Votre inscription est annulée.")
        else:
            messages.info(request, "Cette inscription ne peut plus être annulée.")
        return redirect(reverse("meetings:registration", args=[token]))
    context = {
        "registration": found,
        "meeting": meeting,
        "territory": meeting.territory,
        "can_cancel": can_cancel,
        "meeting_link": meeting_url(meeting, meeting.territory) if meeting.is_public else "",
    }
    return render(request, "meetings/registration.html", context)
