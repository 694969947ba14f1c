"""Pages of the action plans: a fiche, its form, its status, its documents, the bin.

Views stay thin: the policy decides access, the services write, the forms validate.
An invisible fiche answers 404 (a restricted fiche never reveals that it exists); a
forbidden action on a visible one answers 403 with the reason in French.
"""

import copy
from pathlib import Path

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from territoires.audit.readers import history_of
from territoires.audit.render import describe
from territoires.core.errors import StaleEditError
from territoires.core.forms import show_errors
from territoires.meetings import feedback
from territoires.organisations.models import Person
from territoires.pages.shortcuts import breadcrumb, get_territory
from territoires.permissions import policy_for
from territoires.plans import history, inspiration, services, workflow
from territoires.plans.fields import child_model
from territoires.plans.models import ActionSheet, Document
from territoires.referential.models import Territory
from territoires.steering import cache as figures_cache
from territoires.workspace.reads import follows

from .forms import (
    CHILD_TITLES,
    DeleteForm,
    DocumentForm,
    InspireForm,
    SheetForm,
    StatusForm,
    child_formsets,
    child_rows,
)

# Lookups -----------------------------------------------------------------------------


def detail_queryset():
    """A fiche with everything its page shows, in a fixed number of queries."""
    return (
        ActionSheet.objects.alive()
        .select_related(
            "territory__region",
            "territory__programme",
            "axis",
            "lead_organisation",
            "presenter__organisation",
            "inspired_by__territory",
        )
        .prefetch_related(
            Prefetch("pilots", queryset=Person.objects.select_related("organisation")),
            "partners",
            "tags",
            Prefetch(
                "related_sheets",
                queryset=ActionSheet.objects.alive().select_related("axis").order_by("sort_key"),
            ),
            "steps",
            "indicators",
            "links",
            Prefetch("documents", queryset=Document.objects.select_related("uploaded_by")),
        )
    )


def get_visible_sheet(request, territory, code, queryset=None):
    """The live fiche `code` of `territory` when the user may see it, else 404."""
    queryset = ActionSheet.objects.alive() if queryset is None else queryset
    sheet = queryset.filter(territory=territory, code=code).first()
    if sheet is None or not policy_for(request.user).can_view_sheet(sheet):
        raise Http404("Fiche introuvable.")
    sheet.territory = territory
    return sheet


# A fiche -----------------------------------------------------------------------------


def _allowed_transitions(policy, sheet):
    return [t for t in workflow.transitions_from(sheet) if policy.can_apply(sheet, t)]


def _detail_context(request, territory, sheet, status_form=None, document_form=None):
    policy = policy_for(request.user)
    can_edit = policy.can_edit_sheet(sheet)
    transitions = _allowed_transitions(policy, sheet)
    if status_form is None and transitions:
        status_form = StatusForm(transitions=transitions, initial={"version": sheet.version})
    can_view_history = policy.can_view_history(sheet)
    # The financing plan's events too, for those who read it (the same people today).
    with_funding = policy.can_view_funding(sheet)
    changes = (
        [
            describe(event, "plans.actionsheet")
            for event in history_of(sheet, with_related=with_funding)
        ]
        if can_view_history
        else []
    )
    return {
        "territory": territory,
        "sheet": sheet,
        "related": [s for s in sheet.related_sheets.all() if policy.can_view_sheet(s)],
        "status_form": status_form if transitions else None,
        "can_edit": can_edit,
        # Documents are added from the fiche's page, never from its form: a form being
        # edited is never thrown away by an upload.
        "document_form": (document_form or DocumentForm()) if can_edit else None,
        "can_delete": policy.can_manage_trash(territory),
        "can_view_history": can_view_history,
        "can_view_funding": policy.can_view_funding(sheet),
        # The companies' feedback from the meetings: for those who read the territory's
        # restricted content, as on the meeting's page.
        "feedback_summary": feedback.sheet_synthesis(sheet)
        if policy.can_read_restricted(territory)
        else None,
        # The signed-in person's own answers on this fiche, editable while their link is.
        "my_feedback": _my_feedback(request.user, sheet),
        "changes": changes,
        "similar": figures_cache.similar(sheet),
        "following": follows(request.user, sheet),
        # « S'en inspirer »: offered to those who create fiches somewhere.
        "can_inspire": policy.creates_sheets_somewhere(),
        "provenance": inspiration.provenance(sheet, request.user),
        "breadcrumb": breadcrumb((f"Fiche {sheet.code}", None), territory=territory),
    }


def _my_feedback(user, sheet):
    answers = feedback.user_feedback_on(sheet, user)
    for answer in answers:
        answer.edit_url = feedback.feedback_path(answer.meeting, sheet) if answer.editable else None
    return answers


def sheet_detail(request, territory_code, code):
    territory = get_territory(territory_code)
    try:
        sheet = get_visible_sheet(request, territory, code, detail_queryset())
    except Http404:
        return _deleted_sheet(request, territory, code)
    return render(request, "plans/sheet_detail.html", _detail_context(request, territory, sheet))


def _deleted_sheet(request, territory, code):
    """The address of a deleted fiche: 410 saying when and by whom, with Restaurer, to
    those who manage the territory's bin; a plain 404 to everyone else (nothing leaks)."""
    if policy_for(request.user).can_manage_trash(territory):
        sheet = (
            ActionSheet.objects.deleted()
            .filter(territory=territory, code=code)
            .select_related("deleted_by", "axis")
            .order_by("-deleted_at")
            .first()
        )
        if sheet is not None:
            context = {
                "territory": territory,
                "sheet": sheet,
                "breadcrumb": breadcrumb((f"Fiche {sheet.code}", None), territory=territory),
            }
            return render(request, "plans/sheet_deleted.html", context, status=410)
    raise Http404("Fiche introuvable.")


@require_POST
def sheet_status(request, territory_code, code):
    territory = get_territory(territory_code)
    sheet = get_visible_sheet(request, territory, code, detail_queryset())
    policy = policy_for(request.user)
    if not _allowed_transitions(policy, sheet):
        raise PermissionDenied("Vous ne pouvez pas changer le statut de cette fiche.")
    # Every move the workflow allows is accepted here: the service refuses, with its
    # reason, those the user may not make.
    form = StatusForm(request.POST, transitions=workflow.transitions_from(sheet))
    if not form.is_valid():
        context = _detail_context(request, territory, sheet, status_form=form)
        return render(request, "plans/sheet_detail.html", context, status=400)
    try:
        services.change_status(
            sheet,
            form.cleaned_data["target"],
            acting_user=request.user,
            comment=form.cleaned_data["comment"],
            expected_version=form.cleaned_data["version"],
        )
    except StaleEditError:
        messages.warning(
            request,
            "La fiche a été modifiée entre-temps : vérifiez son nouvel état avant de "
            "changer son statut.",
        )
    except workflow.TransitionError as exc:
        messages.error(request, str(exc))
    except ValidationError as exc:
        show_errors(form, exc)
        context = _detail_context(request, territory, sheet, status_form=form)
        return render(request, "plans/sheet_detail.html", context, status=400)
    else:
        sheet.refresh_from_db(fields=["status"])
        messages.success(
            request, f"Statut de la fiche {sheet.code} : {sheet.get_status_display()}."
        )
    return redirect(sheet.get_absolute_url())


# The fiche form ----------------------------------------------------------------------


class _Items(list):
    def all(self):
        return self


class _FormVersion:
    """The fiche as the user submitted it, readable by history.snapshot."""

    def __init__(self, instance, current, m2m, children):
        self._instance = instance
        self._lists = {name: _Items(values) for name, values in m2m.items()}
        for name, rows in children.items():
            self._lists[name] = _Items(child_model(name)(**row) for row in rows)
        self._lists["documents"] = _Items(current.documents.all())

    def __getattr__(self, name):
        lists = self.__dict__.get("_lists", {})
        if name in lists:
            return lists[name]
        return getattr(self.__dict__["_instance"], name)


def _comparison(form, current, tags, children):
    """Rows (label, yours, current) for every field where the two versions differ."""
    instance = copy.copy(form.instance)
    instance.status = current.status
    if "visibility" not in form.fields:
        instance.visibility = current.visibility
    m2m = form.m2m(tags)
    mine = history.displayed(history.snapshot(_FormVersion(instance, current, m2m, children)))
    theirs = history.displayed(history.snapshot(current))
    return [
        {"label": history.label_of(name), "mine": mine[name], "theirs": theirs.get(name, "")}
        for name in mine
        if mine[name] != theirs.get(name, "")
    ]


def _form_context(territory, sheet, form, formsets, **extra):
    title = f"Modifier la fiche {sheet.code}" if sheet.pk else "Nouvelle fiche action"
    items = [(title, None)]
    if sheet.pk:
        items.insert(0, (f"Fiche {sheet.code}", sheet.get_absolute_url()))
    context = {
        "territory": territory,
        "sheet": sheet,
        "form": form,
        "formsets": [(name, CHILD_TITLES[name], fs) for name, fs in formsets.items()],
        "page_title": title,
        "breadcrumb": breadcrumb(*items, territory=territory),
        "formsets_errors": any(fs.is_bound and fs.total_error_count() for fs in formsets.values()),
    }
    context.update(extra)
    return context


def _sheet_form(request, territory, sheet, data=None):
    policy = policy_for(request.user)
    # The form writes the submitted values onto its instance: give it a copy.
    return SheetForm(
        data,
        instance=copy.copy(sheet),
        territory=territory,
        can_change_visibility=policy.can_create_sheet(territory),
    )


@require_http_methods(["GET", "POST"])
def sheet_create(request, territory_code):
    territory = get_territory(territory_code)
    if not policy_for(request.user).can_create_sheet(territory):
        raise PermissionDenied("Vous ne pouvez pas créer de fiche dans ce territoire.")
    sheet = ActionSheet(territory=territory)
    data = request.POST if request.method == "POST" else None
    form = _sheet_form(request, territory, sheet, data)
    if data is None and request.GET.get("axis"):
        axis = territory.programme.axes.filter(code=request.GET["axis"]).first()
        form.initial["axis"] = axis.pk if axis else None
    formsets = child_formsets(data)
    if data is not None and form.is_valid() and all(f.is_valid() for f in formsets.values()):
        try:
            with transaction.atomic():
                created = services.create_sheet(
                    territory,
                    acting_user=request.user,
                    fields=form.scalar_fields(),
                    m2m=form.m2m(
                        services.tags_named(
                            form.cleaned_data["tags_text"], acting_user=request.user
                        )
                    ),
                    children=child_rows(formsets),
                )
        except ValidationError as exc:
            show_errors(form, exc)
        else:
            messages.success(request, f"La fiche {created.code} a été créée (brouillon).")
            return redirect(created.get_absolute_url())
    context = _form_context(territory, sheet, form, formsets)
    return render(request, "plans/sheet_form.html", context)


def _editable_sheet(request, territory_code, code):
    territory = get_territory(territory_code)
    queryset = ActionSheet.objects.alive().prefetch_related(
        "pilots", "tags", "steps", "indicators", "links", "documents"
    )
    sheet = get_visible_sheet(request, territory, code, queryset)
    if not policy_for(request.user).can_edit_sheet(sheet):
        raise PermissionDenied("Vous ne pouvez pas modifier cette fiche.")
    return territory, sheet


@require_http_methods(["GET", "POST"])
def sheet_edit(request, territory_code, code):
    territory, sheet = _editable_sheet(request, territory_code, code)
    data = request.POST if request.method == "POST" else None
    form = _sheet_form(request, territory, sheet, data)
    formsets = child_formsets(data, sheet)
    extra = {}
    if data is not None and form.is_valid() and all(f.is_valid() for f in formsets.values()):
        children = child_rows(formsets)
        try:
            with transaction.atomic():
                tags = services.tags_named(form.cleaned_data["tags_text"], acting_user=request.user)
                updated = services.update_sheet(
                    sheet,
                    acting_user=request.user,
                    expected_version=form.cleaned_data["version"],
                    fields=form.scalar_fields(),
                    m2m=form.m2m(tags),
                    children=children,
                )
        except StaleEditError as exc:
            current = detail_queryset().get(pk=exc.current.pk)
            last = history_of(current).first()
            names = form.cleaned_data["tags_text"]
            extra.update(
                stale=exc,
                current=current,
                current_by=(last.actor if last else None),
                comparison=_comparison(form, current, names, children),
            )
            # Keep everything the user typed; only the version moves, so that saving
            # again is a deliberate choice made with both versions in view.
            form.data = form.data.copy()
            form.data["version"] = str(current.version)
        except ValidationError as exc:
            show_errors(form, exc)
        else:
            if updated.version == sheet.version:
                messages.info(request, "Aucune modification à enregistrer.")
            else:
                messages.success(request, f"La fiche {updated.code} a été enregistrée.")
            return redirect(reverse("plans:sheet_detail", args=[territory.code, updated.code]))
    context = _form_context(territory, sheet, form, formsets, **extra)
    return render(request, "plans/sheet_form.html", context)


# Documents ---------------------------------------------------------------------------


@require_POST
def document_add(request, territory_code, code):
    territory, sheet = _editable_sheet(request, territory_code, code)
    document_form = DocumentForm(request.POST, request.FILES)
    if document_form.is_valid():
        try:
            document = services.add_document(
                sheet,
                acting_user=request.user,
                title=document_form.cleaned_data["title"],
                kind=document_form.cleaned_data["kind"],
                uploaded_file=document_form.cleaned_data["file"],
            )
        except ValidationError as exc:
            show_errors(document_form, exc)
        else:
            messages.success(request, f"Document « {document.title} » ajouté.")
            return redirect(
                reverse("plans:sheet_detail", args=[territory.code, sheet.code]) + "#documents"
            )
    sheet = get_visible_sheet(request, territory, code, detail_queryset())
    context = _detail_context(request, territory, sheet, document_form=document_form)
    return render(request, "plans/sheet_detail.html", context, status=400)


@require_POST
def document_remove(request, territory_code, code, pk):
    territory, sheet = _editable_sheet(request, territory_code, code)
    document = get_object_or_404(Document, pk=pk, sheet=sheet)
    title = document.title
    services.remove_document(document, acting_user=request.user)
    messages.success(request, f"Document « {title} » retiré.")
    return redirect(reverse("plans:sheet_detail", args=[territory.code, sheet.code]) + "#documents")


def document_download(request, territory_code, code, pk):
    """Serve a document after the policy allowed its fiche: files never leave otherwise."""
    territory = get_territory(territory_code)
    sheet = get_visible_sheet(request, territory, code)
    document = get_object_or_404(Document, pk=pk, sheet=sheet)
    try:
        handle = document.file.open("rb")
    except (FileNotFoundError, ValueError) as exc:
        raise Http404("Fichier introuvable.") from exc
    response = FileResponse(handle, as_attachment=True, filename=Path(document.file.name).name)
    response["Cache-Control"] = "private, no-store"
    return response


# Delete, bin, restore ----------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def sheet_delete(request, territory_code, code):
    territory = get_territory(territory_code)
    sheet = get_visible_sheet(request, territory, code)
    if not policy_for(request.user).can_manage_trash(territory):
        raise PermissionDenied("Vous ne pouvez pas supprimer cette fiche.")
    form = DeleteForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.delete_sheet(sheet, acting_user=request.user, comment=form.cleaned_data["comment"])
        messages.success(
            request,
            f"La fiche {sheet.code} a été placée dans la corbeille : "
            "elle peut être restaurée depuis la corbeille du territoire.",
        )
        return redirect("territories:detail", territory.code)
    context = {
        "territory": territory,
        "sheet": sheet,
        "form": form,
        "breadcrumb": breadcrumb(
            (f"Fiche {sheet.code}", sheet.get_absolute_url()),
            ("Supprimer", None),
            territory=territory,
        ),
    }
    return render(request, "plans/sheet_confirm_delete.html", context)


def trash(request, territory_code):
    territory = get_territory(territory_code)
    if not policy_for(request.user).can_manage_trash(territory):
        raise PermissionDenied("Seuls les éditeurs du territoire ont accès à sa corbeille.")
    sheets = (
        ActionSheet.objects.deleted()
        .filter(territory=territory)
        .select_related("axis", "deleted_by")
        .order_by("-deleted_at")
    )
    context = {
        "territory": territory,
        "sheets": sheets,
        "breadcrumb": breadcrumb(("Corbeille", None), territory=territory),
    }
    return render(request, "plans/trash.html", context)


@require_POST
def sheet_restore(request, territory_code, code):
    territory = get_territory(territory_code)
    if not policy_for(request.user).can_manage_trash(territory):
        raise PermissionDenied("Vous ne pouvez pas restaurer de fiche dans ce territoire.")
    sheet = get_object_or_404(ActionSheet.objects.deleted(), territory=territory, code=code)
    services.restore_sheet(sheet, acting_user=request.user)
    messages.success(request, f"La fiche {sheet.code} a été restaurée.")
    return redirect(reverse("plans:sheet_detail", args=[territory.code, sheet.code]))


# « S'en inspirer » -----------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def sheet_inspire(request, territory_code, code):
    """Copy a fiche the user sees as a draft fiche of a territory where they create
    fiches, its provenance kept (plans/inspiration.py)."""
    territory = get_territory(territory_code)
    source = get_visible_sheet(request, territory, code)
    policy = policy_for(request.user)
    if not policy.creates_sheets_somewhere():
        raise PermissionDenied(
            "Seuls les éditeurs d'un territoire copient une fiche dans leur plan d'action."
        )
    choices = list(inspiration.destinations(request.user))
    form = InspireForm(
        request.POST if request.method == "POST" else None,
        territories=choices,
        initial={
            "territory": choices[0].code if len(choices) == 1 else "",
            "code": services.next_free_code(choices[0]) if len(choices) == 1 else "",
            "title": source.title,
        },
    )
    if request.method == "POST":
        destination = Territory.objects.filter(code=request.POST.get("territory", "")).first()
        if destination is not None and not policy.can_create_sheet(destination):
            raise PermissionDenied("Vous ne créez pas de fiche dans ce territoire.")
        if form.is_valid():
            try:
                copy = inspiration.copy_sheet(
                    source,
                    destination,
                    acting_user=request.user,
                    code=form.cleaned_data["code"],
                    title=form.cleaned_data["title"],
                )
            except ValidationError as exc:
                show_errors(form, exc)
            else:
                messages.success(
                    request,
                    f"La fiche {copy.code} a été créée en brouillon dans le territoire "
                    f"{destination.code}, inspirée de la fiche {source.code} : adaptez-la.",
                )
                return redirect("plans:sheet_edit", destination.code, copy.code)
    context = {
        "territory": territory,
        "sheet": source,
        "form": form,
        "breadcrumb": breadcrumb(
            (f"Fiche {source.code}", source.get_absolute_url()),
            ("S'en inspirer", None),
            territory=territory,
        ),
    }
    return render(request, "plans/sheet_inspire.html", context, status=400 if form.errors else 200)
