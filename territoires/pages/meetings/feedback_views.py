"""Feedback pages: the form a company reaches through a fiche's QR code (no account
needed), and the printable QR codes of a meeting's presented fiches (its organisers).

A link that cannot be used (forged, expired, fiche no longer presented) or an answer
already given with the same address gets a clear page with its reason, and nothing is
written. The author of an answer re-opening the link finds it, and edits it while the
link is valid."""

import segno
from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from territoires.core.errors import ConflictError, RateLimitedError, StaleEditError
from territoires.core.forms import show_errors
from territoires.core.http import client_ip
from territoires.meetings import feedback, oublis, report, services
from territoires.meetings.models import SheetFeedback
from territoires.pages.errors import too_many_requests
from territoires.pages.shortcuts import get_territory
from territoires.permissions import policy_for
from territoires.plans.models import ActionSheet

from .checkin_views import _managed_meeting
from .forms import FeedbackForm
from .views import _crumbs, get_visible_meeting, meeting_url

STATUS = {"forged": 404, "closed": 404, "expired": 410}


def _unavailable(request, message, status):
    return render(
        request, "meetings/feedback_unavailable.html", {"message": message}, status=status
    )


# The browser that gave an answer keeps its secret in a signed cookie, read back only by
# the feedback pages: re-opening a fiche's link shows the answer, editable.
COOKIE = "ti_avis"
COOKIE_SALT = "territoires.meetings.feedback.cookie"
COOKIE_ANSWERS = 50  # the most recent answers a browser remembers


def _edit_tokens(request):
    """{answer id: secret} of the answers given from this browser."""
    try:
        data = signing.loads(request.COOKIES.get(COOKIE, ""), salt=COOKIE_SALT)
        return {int(pk): str(token) for pk, token in dict(data).items()}
    except (signing.BadSignature, TypeError, ValueError):
        return {}


def _remember(request, response, answer):
    tokens = _edit_tokens(request)
    tokens.pop(answer.pk, None)
    tokens[answer.pk] = answer.edit_token
    kept = dict(list(tokens.items())[-COOKIE_ANSWERS:])
    response.set_cookie(
        COOKIE,
        signing.dumps({str(pk): token for pk, token in kept.items()}, salt=COOKIE_SALT),
        max_age=(feedback.FEEDBACK_DAYS + 366) * 24 * 3600,
        path="/rencontres/avis/",
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def _initial(answer):
    names = [n for n in FeedbackForm.base_fields if n != "version"]
    return {**{name: getattr(answer, name) for name in names}, "version": answer.version}


@never_cache
@require_http_methods(["GET", "POST"])
def give_feedback(request, token):
    try:
        meeting, presented = feedback.read_feedback_token(token)
    except feedback.FeedbackLinkError as exc:
        return _unavailable(request, exc.message, STATUS[exc.reason])
    sheet = presented.sheet
    tokens = _edit_tokens(request)
    own = None
    if request.GET.get("nouvel") != "1":  # "Another person's answer", from a shared phone
        own = feedback.own_feedback(meeting, sheet, user=request.user, edit_tokens=tokens)
    data = request.POST if request.method == "POST" else None
    form = FeedbackForm(data, initial=_initial(own) if own else None, editing=own is not None)
    context = {
        "meeting": meeting,
        "sheet": sheet,
        "presenter": presented.presenter,
        "own": own,
        "stale": None,
        "closes_on": feedback.closes_on(meeting),
    }
    if data is not None and form.is_valid():
        answer = {k: v for k, v in form.cleaned_data.items() if k not in ("email", "version")}
        try:
            if own is None:
                given = feedback.give_feedback(
                    meeting,
                    sheet,
                    acting_user=request.user,
                    email=form.cleaned_data["email"],
                    ip_address=client_ip(request),
                    **answer,
                )
            else:
                given = feedback.update_feedback(
                    own,
                    acting_user=request.user,
                    expected_version=form.cleaned_data["version"],
                    edit_token=tokens.get(own.pk),
                    ip_address=client_ip(request),
                    **answer,
                )
        except StaleEditError as exc:
            form.data = form.data.copy()
            form.data["version"] = str(exc.current.version)
            context |= {"form": form, "stale": exc.message}
            return render(request, "meetings/feedback_form.html", context, status=409)
        except RateLimitedError as exc:
            return too_many_requests(request, exc)
        except ConflictError as exc:
            return _unavailable(request, exc.message, 409)
        except ValidationError as exc:
            show_errors(form, exc)
        else:
            context["edited"] = own is not None
            response = render(request, "meetings/feedback_done.html", context)
            if given.edit_token:
                _remember(request, response, given)
            return response
    context["form"] = form
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


def _feedback_of(meeting, feedback_pk):
    return get_object_or_404(
        SheetFeedback.objects.select_related("meeting", "sheet"), meeting=meeting, pk=feedback_pk
    )


def _oubli_allowed(request, territory_code, pk):
    territory = get_territory(territory_code)
    meeting = get_visible_meeting(request, territory, pk)
    policy = policy_for(request.user)
    if not (policy.can_see_feedback(meeting) and policy.can_create_sheet(territory)):
        raise PermissionDenied("Seuls les éditeurs du territoire traitent les oublis.")
    return territory, meeting


def _refusal(request, exc):
    text = exc.message if isinstance(exc, ConflictError) else " ".join(exc.messages)
    messages.error(request, text)


@require_POST
def oubli_draft(request, territory_code, pk, feedback_pk):
    territory, meeting = _oubli_allowed(request, territory_code, pk)
    item = _feedback_of(meeting, feedback_pk)
    axis = territory.programme.axes.filter(code=request.POST.get("axis", "")).first()
    if axis is None:
        messages.error(request, "Choisissez l'axe de la nouvelle fiche.")
        return redirect(meeting_url(meeting, territory) + "#oublis")
    try:
        sheet = oublis.draft_sheet_from_oubli(
            item,
            acting_user=request.user,
            axis=axis,
            code=request.POST.get("code", ""),
            title=request.POST.get("title", ""),
        )
    except (ValidationError, ConflictError) as exc:
        _refusal(request, exc)
        return redirect(meeting_url(meeting, territory) + "#oublis")
    messages.success(request, f"La fiche {sheet.code} a été créée (brouillon) à partir de l'oubli.")
    return redirect(sheet.get_absolute_url())


@require_POST
def oubli_attach(request, territory_code, pk, feedback_pk):
    territory, meeting = _oubli_allowed(request, territory_code, pk)
    item = _feedback_of(meeting, feedback_pk)
    sheet = (
        ActionSheet.objects.alive()
        .filter(territory=territory, pk=request.POST.get("sheet") or 0)
        .first()
        if str(request.POST.get("sheet", "")).isdigit()
        else None
    )
    if sheet is None:
        messages.error(request, "Choisissez une fiche du territoire.")
        return redirect(meeting_url(meeting, territory) + "#oublis")
    try:
        oublis.attach_oubli(item, acting_user=request.user, sheet=sheet)
    except (ValidationError, ConflictError) as exc:
        _refusal(request, exc)
    else:
        messages.success(request, f"L'oubli est rattaché à la fiche {sheet.code}.")
    return redirect(meeting_url(meeting, territory) + "#oublis")


def _report_context(request, territory_code, pk):
    territory = get_territory(territory_code)
    meeting = get_visible_meeting(request, territory, pk)
    policy = policy_for(request.user)
    if not policy.can_see_feedback(meeting):
        raise PermissionDenied("Le compte rendu est réservé au territoire.")
    context = report.report(meeting, policy)
    context["territory"] = territory
    context["can_manage"] = policy.can_manage_meetings(territory)
    return territory, meeting, context


def meeting_report(request, territory_code, pk):
    territory, meeting, context = _report_context(request, territory_code, pk)
    context["breadcrumb"] = _crumbs(
        territory, (meeting.title, meeting_url(meeting, territory)), ("Compte rendu", None)
    )
    return render(request, "meetings/report.html", context)


def meeting_report_pdf(request, territory_code, pk):
    territory, meeting, context = _report_context(request, territory_code, pk)
    response = HttpResponse(report.report_pdf(context), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="compte-rendu-{meeting.date:%Y-%m-%d}.pdf"'
    return response


def needs_matrix(request, territory_code):
    territory = get_territory(territory_code)
    policy = policy_for(request.user)
    if not policy.can_read_restricted(territory):
        raise PermissionDenied("Les besoins exprimés sont réservés au territoire.")
    context = feedback.needs_matrix(territory, policy)
    context["territory"] = territory
    context["breadcrumb"] = _crumbs(territory, ("Besoins des entreprises", None))
    return render(request, "meetings/needs_matrix.html", context)


def meeting_report_docx(request, territory_code, pk):
    territory, meeting, context = _report_context(request, territory_code, pk)
    response = HttpResponse(
        report.report_docx(context),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="compte-rendu-{meeting.date:%Y-%m-%d}.docx"'
    )
    return response
