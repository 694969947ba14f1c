"""Pages of a territory's meetings: the list, a meeting's page with its agenda (the public
page of a public meeting), the create and edit forms, the status, the .ics files.

Views stay thin: the policy decides access, the services write, the forms validate. A
meeting the user may not see answers 404, a forbidden action on a visible one 403."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from territoires.core.errors import StaleEditError
from territoires.core.forms import show_errors
from territoires.meetings import calendar, feedback, oublis, services, workflow
from territoires.meetings.models import SEATED, Meeting
from territoires.pages.shortcuts import breadcrumb, get_territory
from territoires.permissions import policy_for

from .forms import MeetingForm, StatusForm


def meeting_url(meeting, territory):
    return reverse("meetings:detail", args=[territory.code, meeting.pk])


def get_visible_meeting(request, territory, pk):
    """The meeting `pk` of `territory` when the user may see it, else 404."""
    meeting = (
        Meeting.objects.filter(territory=territory, pk=pk)
        .select_related("host_organisation")
        .first()
    )
    if meeting is None or not policy_for(request.user).can_view_meeting(meeting):
        raise Http404("Rencontre introuvable.")
    meeting.territory = territory
    return meeting


def _crumbs(territory, *items):
    return breadcrumb(
        ("Rencontres", reverse("meetings:list", args=[territory.code])), *items, territory=territory
    )


# The list ------------------------------------------------------------------------------


def meeting_list(request, territory_code):
    territory = get_territory(territory_code)
    meetings = list(services.territory_meetings(territory, request.user))
    today = timezone.localdate()
    context = {
        "territory": territory,
        "upcoming": sorted(
            (m for m in meetings if m.date >= today), key=lambda m: (m.date, m.start_time)
        ),
        "past": [m for m in meetings if m.date < today],
        "can_manage": policy_for(request.user).can_manage_meetings(territory),
        "can_see_needs": policy_for(request.user).can_read_restricted(territory),
        "breadcrumb": breadcrumb(("Rencontres", None), territory=territory),
    }
    return render(request, "meetings/meeting_list.html", context)


def territory_feed(request, territory_code):
    territory = get_territory(territory_code)
    meetings = services.territory_meetings(territory, request.user)
    body = calendar.territory_ics(
        territory, meetings, lambda m: request.build_absolute_uri(meeting_url(m, territory))
    )
    return _ics_response(body, f"rencontres-{territory.code}.ics")


# A meeting -----------------------------------------------------------------------------


def _visible_agenda(policy, meeting):
    """The agenda, each item's presented fiches limited to those the user may see."""
    items = services.agenda(meeting)
    for item in items:
        item.visible_sheets = [
            p for p in item.presented_sheets.all() if policy.can_view_sheet(p.sheet)
        ]
    return items


def _transitions(policy, meeting):
    if not policy.can_manage_meetings(meeting.territory_id):
        return []
    return workflow.transitions_from(meeting)


def _detail_context(request, territory, meeting, status_form=None):
    policy = policy_for(request.user)
    transitions = _transitions(policy, meeting)
    if status_form is None and transitions:
        status_form = StatusForm(transitions=transitions, initial={"version": meeting.version})
    registrations = []
    if policy.can_see_registrations(meeting):
        registrations = list(meeting.registrations.order_by("last_name", "first_name", "id"))
    seats = meeting.registrations.filter(status__in=SEATED).count()
    agenda = _visible_agenda(policy, meeting)
    feedback_rows = []
    if policy.can_see_feedback(meeting):
        summaries = feedback.synthesis(meeting)
        feedback_rows = [
            (presented, summaries.get(presented.sheet_id))
            for item in agenda
            for presented in item.visible_sheets
        ]
    handles_oublis = policy.can_see_feedback(meeting) and policy.can_create_sheet(territory)
    return {
        "territory": territory,
        "meeting": meeting,
        "oublis": _oubli_forms(territory, meeting) if handles_oublis else None,
        "co_organisers": list(meeting.co_organisers.order_by("name")),
        "agenda": agenda,
        "can_see_feedback": policy.can_see_feedback(meeting),
        "feedback_rows": feedback_rows,
        "can_manage": policy.can_manage_meetings(territory),
        "status_form": status_form if transitions else None,
        "transitions_done": list(meeting.transitions.select_related("by").order_by("at", "id"))
        if transitions
        else [],
        "can_see_registrations": policy.can_see_registrations(meeting),
        "registrations": registrations,
        "seats_taken": seats,
        "seats_left": None if meeting.capacity is None else max(meeting.capacity - seats, 0),
        "breadcrumb": _crumbs(territory, (meeting.title, None)),
    }


def _oubli_forms(territory, meeting):
    """The open oublis with what their forms offer: axes, a free code, the fiches."""
    pending = list(oublis.open_oublis(meeting))
    if not pending:
        return {"pending": []}
    for item in pending:
        item.suggested_title = oublis.suggested_title(item)
    return {
        "pending": pending,
        "axes": list(territory.programme.axes.order_by("position", "name")),
        "code": oublis.suggested_code(territory),
        "sheets": list(
            territory.action_sheets.alive().values("pk", "code", "title").order_by("sort_key")
        ),
    }


def meeting_detail(request, territory_code, pk):
    territory = get_territory(territory_code)
    meeting = get_visible_meeting(request, territory, pk)
    context = _detail_context(request, territory, meeting)
    return render(request, "meetings/meeting_detail.html", context)


def meeting_ics(request, territory_code, pk):
    territory = get_territory(territory_code)
    meeting = get_visible_meeting(request, territory, pk)
    body = calendar.meeting_ics(
        meeting, request.build_absolute_uri(meeting_url(meeting, territory))
    )
    return _ics_response(body, f"rencontre-{meeting.date:%Y-%m-%d}.ics")


def _ics_response(body, filename):
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_POST
def meeting_status(request, territory_code, pk):
    territory = get_territory(territory_code)
    meeting = get_visible_meeting(request, territory, pk)
    policy = policy_for(request.user)
    if not policy.can_manage_meetings(territory):
        raise PermissionDenied("Vous ne pouvez pas changer le statut de cette rencontre.")
    form = StatusForm(request.POST, transitions=workflow.transitions_from(meeting))
    if form.is_valid():
        try:
            services.change_meeting_status(
                meeting,
                form.cleaned_data["target"],
                acting_user=request.user,
                comment=form.cleaned_data["comment"],
                expected_version=form.cleaned_data["version"],
            )
        except StaleEditError:
            messages.warning(
                request,
                "La rencontre a été modifiée entre-temps : vérifiez son nouvel état avant de "
                "changer son statut.",
            )
            return redirect(meeting_url(meeting, territory))
        except ValidationError as exc:
            show_errors(form, exc)
        else:
            meeting.refresh_from_db(fields=["status"])
            messages.success(request, f"Statut de la rencontre : {meeting.get_status_display()}.")
            return redirect(meeting_url(meeting, territory))
    context = _detail_context(request, territory, meeting, status_form=form)
    return render(request, "meetings/meeting_detail.html", context, status=400)


# The forms -----------------------------------------------------------------------------


def _form_page(request, territory, meeting, form, **extra):
    title = "Modifier la rencontre" if meeting.pk else "Nouvelle rencontre"
    items = [(title, None)]
    if meeting.pk:
        items.insert(0, (meeting.title, meeting_url(meeting, territory)))
    context = {
        "territory": territory,
        "meeting": meeting,
        "form": form,
        "page_title": title,
        "breadcrumb": _crumbs(territory, *items),
        **extra,
    }
    return render(request, "meetings/meeting_form.html", context)


@require_http_methods(["GET", "POST"])
def meeting_create(request, territory_code):
    territory = get_territory(territory_code)
    if not policy_for(request.user).can_manage_meetings(territory):
        raise PermissionDenied("Vous ne pouvez pas créer de rencontre dans ce territoire.")
    meeting = Meeting(territory=territory)
    data = request.POST if request.method == "POST" else None
    form = MeetingForm(data, instance=meeting, territory=territory)
    if data is not None and form.is_valid():
        try:
            created = services.create_meeting(
                territory,
                acting_user=request.user,
                fields=form.service_fields(),
                co_organisers=list(form.cleaned_data["co_organisers"]),
            )
        except ValidationError as exc:
            show_errors(form, exc)
        else:
            messages.success(request, "La rencontre a été créée.")
            return redirect(meeting_url(created, territory))
    return _form_page(request, territory, meeting, form)


@require_http_methods(["GET", "POST"])
def meeting_edit(request, territory_code, pk):
    territory = get_territory(territory_code)
    meeting = get_visible_meeting(request, territory, pk)
    if not policy_for(request.user).can_manage_meetings(territory):
        raise PermissionDenied("Vous ne pouvez pas modifier cette rencontre.")
    data = request.POST if request.method == "POST" else None
    form = MeetingForm(data, instance=Meeting.objects.get(pk=meeting.pk), territory=territory)
    extra = {}
    if data is not None and form.is_valid():
        try:
            updated = services.update_meeting(
                meeting,
                acting_user=request.user,
                expected_version=form.cleaned_data["version"],
                fields=form.service_fields(),
                co_organisers=list(form.cleaned_data["co_organisers"]),
            )
        except StaleEditError as exc:
            extra["stale"] = exc
            form.data = form.data.copy()
            form.data["version"] = str(exc.current.version)
        except ValidationError as exc:
            show_errors(form, exc)
        else:
            if updated.version == meeting.version:
                messages.info(request, "Aucune modification à enregistrer.")
            else:
                messages.success(request, "La rencontre a été enregistrée.")
            return redirect(meeting_url(updated, territory))
    return _form_page(request, territory, meeting, form, **extra)
