"""The financing plan of a fiche: its lines and their status, the self-funding, what
remains to find. Thin views: the policy decides, `funding.financing` writes.

The plan is read by those who read the territory's restricted content: a public fiche's
plan answers 403 to others (the login page to anonymous visitors); an invisible fiche
404."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from territoires.core.errors import StaleEditError
from territoires.core.forms import show_errors
from territoires.funding import financing, suggestions, workflow
from territoires.funding.models import FundingLine, Scheme
from territoires.pages.plans.views import get_visible_sheet
from territoires.pages.shortcuts import breadcrumb, get_territory
from territoires.permissions import policy_for

from .forms import LineEditForm, LineForm, LineStatusForm, RemoveLineForm, SelfFundingForm

SUGGESTIONS = 8
REFUSED = "Le plan de financement de cette fiche est réservé aux membres du territoire."


def _sheet(request, territory_code, code):
    territory = get_territory(territory_code)
    sheet = get_visible_sheet(request, territory, code)
    if not policy_for(request.user).can_view_funding(sheet):
        if not request.user.is_authenticated:
            raise _LoginNeeded
        raise PermissionDenied(REFUSED)
    return territory, sheet


class _LoginNeeded(Exception):
    pass


def _plan_url(territory, sheet):
    return reverse("funding:sheet", args=[territory.code, sheet.code])


def _rows(policy, sheet, lines, status_forms, edit_forms):
    rows = []
    for line in lines:
        can_edit = policy.can_edit_line(line, sheet)
        edit_form = edit_forms.get(line.pk)
        if edit_form is None and can_edit:
            edit_form = LineEditForm(
                initial={
                    "amount": line.amount,
                    "nature": line.nature,
                    "requested_on": line.requested_on,
                    "decided_on": line.decided_on,
                    "paid_on": line.paid_on,
                    "decision_reference": line.decision_reference,
                    "note": line.note,
                    "version": line.version,
                },
                prefix=f"e{line.pk}",
            )
        transitions = workflow.transitions_from(line)
        can_decide = bool(transitions) and policy.can_change_line_status(line, sheet)
        form = status_forms.get(line.pk)
        if form is None and can_decide:
            form = LineStatusForm(
                transitions=transitions, initial={"version": line.version}, prefix=f"l{line.pk}"
            )
        rows.append(
            {
                "line": line,
                "status_form": form if can_decide else None,
                "can_remove": can_edit,
                "edit_form": edit_form if can_edit else None,
            }
        )
    return rows


def _render(
    request,
    territory,
    sheet,
    *,
    line_form=None,
    self_form=None,
    status_forms=None,
    edit_forms=None,
    status=200,
):
    policy = policy_for(request.user)
    plan = financing.financing_plan(sheet)
    can_edit = policy.can_edit_funding(sheet)
    context = {
        "territory": territory,
        "sheet": sheet,
        "plan": plan,
        "rows": _rows(policy, sheet, plan.lines, status_forms or {}, edit_forms or {}),
        "suggestions": suggestions.suggest(sheet, limit=SUGGESTIONS),
        "can_edit": can_edit,
        "line_form": (line_form or LineForm()) if can_edit else None,
        "self_form": (
            self_form
            or SelfFundingForm(
                initial={"self_funding": plan.self_funding, "version": plan.plan_version}
            )
        )
        if can_edit
        else None,
        "breadcrumb": breadcrumb(
            (f"Fiche {sheet.code}", sheet.get_absolute_url()),
            ("Plan de financement", None),
            territory=territory,
        ),
    }
    return render(request, "funding/sheet_funding.html", context, status=status)


def _guarded(view):
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except _LoginNeeded:
            return redirect_to_login(request.get_full_path())

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


@_guarded
def sheet_funding(request, territory_code, code):
    territory, sheet = _sheet(request, territory_code, code)
    return _render(request, territory, sheet)


def _submit(request, territory, sheet, form, write, success):
    """Run `write(form.cleaned_data)` for a valid form and answer: back to the plan with
    `success(result)` as message; back with a warning for a stale version or a refused
    move; None (the caller draws the form again) when the form or the service refuses
    the input, its errors then on the form."""
    if not form.is_valid():
        return None
    try:
        result = write(form.cleaned_data)
    except StaleEditError as exc:
        messages.warning(request, exc.current.stale_edit_message())
    except workflow.TransitionError as exc:
        messages.error(request, str(exc))
    except ValidationError as exc:
        show_errors(form, exc)
        return None
    else:
        messages.success(request, success(result))
    return redirect(_plan_url(territory, sheet))


@_guarded
@require_POST
def line_add(request, territory_code, code):
    territory, sheet = _sheet(request, territory_code, code)
    if not policy_for(request.user).can_edit_funding(sheet):
        raise PermissionDenied("Vous ne pouvez pas modifier le plan de financement de cette fiche.")
    form = LineForm(request.POST)
    answer = _submit(
        request,
        territory,
        sheet,
        form,
        lambda data: financing.add_line(sheet, acting_user=request.user, **data),
        lambda line: f"Ligne ajoutée au plan de financement : {line.financer}.",
    )
    return answer or _render(request, territory, sheet, line_form=form, status=400)


def _line(sheet, pk):
    return get_object_or_404(FundingLine.objects.select_related("financer"), pk=pk, sheet=sheet)


@_guarded
@require_POST
def line_status(request, territory_code, code, pk):
    territory, sheet = _sheet(request, territory_code, code)
    line = _line(sheet, pk)
    if not policy_for(request.user).can_change_line_status(line, sheet):
        raise PermissionDenied("Vous ne pouvez pas changer le statut de cette ligne.")
    form = LineStatusForm(
        request.POST, transitions=workflow.transitions_from(line), prefix=f"l{line.pk}"
    )
    answer = _submit(
        request,
        territory,
        sheet,
        form,
        lambda data: financing.change_line_status(
            line,
            data["target"],
            acting_user=request.user,
            expected_version=data["version"],
            on=data["on"],
            decision_reference=data["decision_reference"] or None,
            comment=data["comment"],
        ),
        lambda moved: f"Ligne « {moved.financer} » : {moved.get_status_display().lower()}.",
    )
    return answer or _render(request, territory, sheet, status_forms={line.pk: form}, status=400)


@_guarded
@require_POST
def line_remove(request, territory_code, code, pk):
    territory, sheet = _sheet(request, territory_code, code)
    line = _line(sheet, pk)
    if not policy_for(request.user).can_edit_line(line, sheet):
        raise PermissionDenied("Vous ne pouvez pas retirer cette ligne.")
    return _submit(
        request,
        territory,
        sheet,
        RemoveLineForm(request.POST),
        lambda data: financing.remove_line(
            line, acting_user=request.user, expected_version=data["version"]
        ),
        lambda _: f"Ligne « {line.financer} » retirée du plan de financement.",
    ) or redirect(_plan_url(territory, sheet))


@_guarded
@require_POST
def line_edit(request, territory_code, code, pk):
    territory, sheet = _sheet(request, territory_code, code)
    line = _line(sheet, pk)
    if not policy_for(request.user).can_edit_line(line, sheet):
        raise PermissionDenied("Vous ne pouvez pas modifier cette ligne.")
    form = LineEditForm(request.POST, prefix=f"e{line.pk}")
    answer = _submit(
        request,
        territory,
        sheet,
        form,
        lambda data: financing.update_line(
            line,
            acting_user=request.user,
            expected_version=data.pop("version"),
            **data,
        ),
        lambda _: f"Ligne « {line.financer} » modifiée.",
    )
    return answer or _render(request, territory, sheet, edit_forms={line.pk: form}, status=400)


def _editable_scheme(request, sheet, scheme_pk):
    if not policy_for(request.user).can_edit_funding(sheet):
        raise PermissionDenied("Vous ne pouvez pas modifier le plan de financement de cette fiche.")
    return get_object_or_404(Scheme, pk=scheme_pk)


@_guarded
@require_POST
def suggestion_add(request, territory_code, code, scheme_pk):
    """One click: the suggested scheme becomes an "envisagé" line of its financer, its
    amount to be set."""
    territory, sheet = _sheet(request, territory_code, code)
    scheme = _editable_scheme(request, sheet, scheme_pk)
    try:
        line = financing.add_line(
            sheet,
            acting_user=request.user,
            scheme=scheme,
            amount=0,
            note="Montant à préciser.",
        )
    except ValidationError as exc:
        messages.error(request, f"{scheme.name} : {' '.join(exc.messages)}")
    else:
        messages.success(
            request,
            f"« {scheme.name} » ajouté au plan (envisagé, {line.financer}) : précisez le montant.",
        )
    return redirect(_plan_url(territory, sheet))


@_guarded
@require_POST
def suggestion_dismiss(request, territory_code, code, scheme_pk):
    territory, sheet = _sheet(request, territory_code, code)
    scheme = _editable_scheme(request, sheet, scheme_pk)
    suggestions.dismiss(sheet, scheme, acting_user=request.user)
    messages.success(request, f"« {scheme.name} » ne sera plus suggéré pour cette fiche.")
    return redirect(_plan_url(territory, sheet))


@_guarded
@require_POST
def self_funding(request, territory_code, code):
    territory, sheet = _sheet(request, territory_code, code)
    if not policy_for(request.user).can_edit_funding(sheet):
        raise PermissionDenied("Vous ne pouvez pas modifier le plan de financement de cette fiche.")
    form = SelfFundingForm(request.POST)
    answer = _submit(
        request,
        territory,
        sheet,
        form,
        lambda data: financing.set_self_funding(
            sheet,
            data["self_funding"],
            acting_user=request.user,
            expected_version=data["version"],
        ),
        lambda _: "Autofinancement enregistré.",
    )
    return answer or _render(request, territory, sheet, self_form=form, status=400)
