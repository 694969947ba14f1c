"""The follow-ups of a meeting's compte rendu (decisions, next dates), for its organisers:
the list with its buttons (done, open again, remove: plain forms), the add form, the edit
form. The services write, with the version the page was made from."""

from django.contrib import messages
from django.core.exceptions import BadRequest, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from territoires.core.errors import StaleEditError
from territoires.core.forms import show_errors
from territoires.meetings import followups
from territoires.meetings.models import FollowUpStatus

from .agenda_views import _version
from .checkin_views import _managed_meeting
from .forms import FollowUpForm, follow_up_people
from .views import _crumbs, meeting_url

STALE = (
    "Les suites de la rencontre ont été modifiées entre-temps par quelqu'un d'autre : rien "
    "n'a été enregistré. Vérifiez-les avant de recommencer."
)


def _list_url(territory, meeting):
    return reverse("meetings:follow_ups", args=[territory.code, meeting.pk])


def _page(request, territory, meeting, form, follow_up=None, stale=None, status=200):
    report_url = reverse("meetings:report", args=[territory.code, meeting.pk])
    title = "Modifier une suite" if follow_up else "Décisions et prochaines échéances"
    crumbs = [(meeting.title, meeting_url(meeting, territory)), ("Compte rendu", report_url)]
    if follow_up:
        crumbs.append(("Décisions et prochaines échéances", _list_url(territory, meeting)))
    context = {
        "territory": territory,
        "meeting": meeting,
        "follow_up": follow_up,
        "follow_ups": [] if follow_up else followups.follow_ups(meeting),
        "form": form,
        "stale": stale,
        "page_title": title,
        "breadcrumb": _crumbs(territory, *crumbs, (title, None)),
    }
    return render(request, "meetings/follow_ups.html", context, status=status)


def _save(request, territory, meeting, follow_up=None):
    people = follow_up_people(meeting, follow_up)
    data = request.POST if request.method == "POST" else None
    initial = {"version": meeting.version}
    if follow_up is not None:
        initial |= {
            "kind": follow_up.kind,
            "text": follow_up.text,
            "owner": follow_up.owner_id,
            "due_date": follow_up.due_date,
        }
    form = FollowUpForm(data, people=people, initial=initial)
    if data is None or not form.is_valid():
        return _page(request, territory, meeting, form, follow_up, status=400 if data else 200)
    version = form.cleaned_data["version"]
    try:
        if follow_up is None:
            followups.add_follow_up(
                meeting, acting_user=request.user, expected_version=version, **form.service_fields()
            )
        else:
            followups.update_follow_up(
                follow_up,
                acting_user=request.user,
                expected_version=version,
                **form.service_fields(),
            )
    except StaleEditError as exc:
        form.data = form.data.copy()
        form.data["version"] = str(exc.current.version)
        return _page(request, territory, meeting, form, follow_up, stale=STALE, status=409)
    except ValidationError as exc:
        show_errors(form, exc)
        return _page(request, territory, meeting, form, follow_up, status=400)
    messages.success(
        request, "La suite a été modifiée." if follow_up else "La suite a été ajoutée."
    )
    return redirect(_list_url(territory, meeting))


@require_http_methods(["GET", "POST"])
def follow_up_list(request, territory_code, pk):
    territory, meeting = _managed_meeting(request, territory_code, pk)
    return _save(request, territory, meeting)


def _follow_up_of(meeting, follow_up_pk):
    return get_object_or_404(meeting.follow_ups.select_related("meeting"), pk=follow_up_pk)


@require_http_methods(["GET", "POST"])
def follow_up_edit(request, territory_code, pk, follow_up_pk):
    territory, meeting = _managed_meeting(request, territory_code, pk)
    return _save(request, territory, meeting, _follow_up_of(meeting, follow_up_pk))


@require_POST
def follow_up_status(request, territory_code, pk, follow_up_pk):
    territory, meeting = _managed_meeting(request, territory_code, pk)
    follow_up = _follow_up_of(meeting, follow_up_pk)
    status = request.POST.get("status", "")
    if status not in FollowUpStatus.values:
        raise BadRequest("Indiquez si la suite est faite ou à faire.")
    try:
        followups.set_follow_up_status(
            follow_up, status, acting_user=request.user, expected_version=_version(request)
        )
    except StaleEditError:
        messages.warning(request, STALE)
    else:
        label = FollowUpStatus(status).label.lower()
        messages.success(request, f"« {follow_up.text} » : {label}.")
    return redirect(_list_url(territory, meeting))


@require_POST
def follow_up_remove(request, territory_code, pk, follow_up_pk):
    territory, meeting = _managed_meeting(request, territory_code, pk)
    follow_up = _follow_up_of(meeting, follow_up_pk)
    try:
        followups.remove_follow_up(
            follow_up, acting_user=request.user, expected_version=_version(request)
        )
    except StaleEditError:
        messages.warning(request, STALE)
    else:
        messages.success(request, f"« {follow_up.text} » a été retirée du compte rendu.")
    return redirect(_list_url(territory, meeting))
