"""Editing a meeting's agenda (ordre du jour), for its organisers: the list of items with
their buttons (up, down, edit, remove: plain forms, no script needed), and the form of one
item (time, duration, title, speakers, fiches presented with their presenter).

Every write goes through the meeting services with the version the page was made from: an
edit made meanwhile by somebody else is refused, never merged."""

from django.contrib import messages
from django.core.exceptions import BadRequest, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from territoires.core.errors import StaleEditError
from territoires.core.forms import show_errors
from territoires.meetings import services

from .checkin_views import _managed_meeting
from .forms import (
    AgendaItemForm,
    PresentedSheetFormSet,
    agenda_people,
    agenda_sheets,
)
from .views import _crumbs, meeting_url

STALE = (
    "L'ordre du jour a été modifié entre-temps par quelqu'un d'autre : rien n'a été "
    "enregistré. Vérifiez-le avant de recommencer."
)


def _agenda_url(territory, meeting):
    return reverse("meetings:agenda", args=[territory.code, meeting.pk])


def agenda(request, territory_code, pk):
    territory, meeting = _managed_meeting(request, territory_code, pk)
    context = {
        "territory": territory,
        "meeting": meeting,
        "items": services.agenda(meeting),
        "breadcrumb": _crumbs(
            territory, (meeting.title, meeting_url(meeting, territory)), ("Ordre du jour", None)
        ),
    }
    return render(request, "meetings/agenda.html", context)


def _version(request):
    value = request.POST.get("version", "")
    if not value.isdigit():
        raise BadRequest("La version de la rencontre manque au formulaire.")
    return int(value)


def _item_of(meeting, item_pk):
    return get_object_or_404(meeting.agenda_items.select_related("meeting"), pk=item_pk)


def _initial(item):
    if item is None:
        return {}, []
    fields = {
        "title": item.title,
        "start_time": item.start_time,
        "duration_minutes": item.duration_minutes,
        "speakers": list(item.speakers.all()),
    }
    rows = [
        {"sheet": p.sheet_id, "presenter": p.presenter_id}
        for p in item.presented_sheets.order_by("position", "id")
    ]
    return fields, rows


def _item_page(request, territory, meeting, item=None):
    people, sheets = agenda_people(meeting), agenda_sheets(meeting)
    data = request.POST if request.method == "POST" else None
    initial, rows = _initial(item)
    form = AgendaItemForm(data, people=people, initial={**initial, "version": meeting.version})
    formset = PresentedSheetFormSet(
        data, initial=rows, prefix="fiches", form_kwargs={"sheets": sheets, "people": people}
    )
    stale = None
    if data is not None and form.is_valid() & formset.is_valid():
        fields = {
            name: form.cleaned_data[name] for name in ("title", "start_time", "duration_minutes")
        }
        values = {**fields, "speakers": form.cleaned_data["speakers"]}
        values["sheets"] = formset.presented()
        version = form.cleaned_data["version"]
        try:
            if item is None:
                services.add_agenda_item(
                    meeting, acting_user=request.user, expected_version=version, item=values
                )
            else:
                services.update_agenda_item(
                    item, acting_user=request.user, expected_version=version, item=values
                )
        except StaleEditError as exc:
            stale = STALE
            form.data = form.data.copy()
            form.data["version"] = str(exc.current.version)
        except ValidationError as exc:
            show_errors(form, exc)
        else:
            messages.success(
                request, "Le point a été ajouté." if item is None else "Le point a été modifié."
            )
            return redirect(_agenda_url(territory, meeting))
    title = "Ajouter un point à l’ordre du jour" if item is None else "Modifier un point"
    context = {
        "territory": territory,
        "meeting": meeting,
        "item": item,
        "form": form,
        "formset": formset,
        "stale": stale,
        "page_title": title,
        "breadcrumb": _crumbs(
            territory,
            (meeting.title, meeting_url(meeting, territory)),
            ("Ordre du jour", _agenda_url(territory, meeting)),
            (title, None),
        ),
    }
    return render(request, "meetings/agenda_item_form.html", context, status=409 if stale else 200)


@require_http_methods(["GET", "POST"])
def agenda_add(request, territory_code, pk):
    territory, meeting = _managed_meeting(request, territory_code, pk)
    return _item_page(request, territory, meeting)


@require_http_methods(["GET", "POST"])
def agenda_item(request, territory_code, pk, item_pk):
    territory, meeting = _managed_meeting(request, territory_code, pk)
    return _item_page(request, territory, meeting, _item_of(meeting, item_pk))


@require_POST
def agenda_move(request, territory_code, pk, item_pk):
    territory, meeting = _managed_meeting(request, territory_code, pk)
    item = _item_of(meeting, item_pk)
    offset = {"up": -1, "down": 1}.get(request.POST.get("direction", ""))
    if offset is None:
        raise BadRequest("Indiquez s'il faut monter ou descendre le point.")
    try:
        services.move_agenda_item(
            item, acting_user=request.user, expected_version=_version(request), offset=offset
        )
    except StaleEditError:
        messages.warning(request, STALE)
    else:
        where = "monté" if offset < 0 else "descendu"
        messages.success(request, f"Le point « {item.title} » est {where} d’un rang.")
    return redirect(_agenda_url(territory, meeting) + f"#point-{item.pk}")


@require_POST
def agenda_remove(request, territory_code, pk, item_pk):
    territory, meeting = _managed_meeting(request, territory_code, pk)
    item = _item_of(meeting, item_pk)
    try:
        services.remove_agenda_item(
            item, acting_user=request.user, expected_version=_version(request)
        )
    except StaleEditError:
        messages.warning(request, STALE)
    else:
        messages.success(request, f"Le point « {item.title} » a été retiré de l’ordre du jour.")
    return redirect(_agenda_url(territory, meeting))
