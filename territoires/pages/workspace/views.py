"""Mon espace: where a signed-in person lands — the fiches they pilot or follow, what waits
for them, their notifications, the recent changes on their territories —; the validation
queue of the Région, the État, the national team and the territories' éditeurs; the
notification settings; following a fiche from its page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from territoires.audit.render import describe
from territoires.core.errors import StaleEditError
from territoires.core.forms import show_errors
from territoires.core.paging import page_of
from territoires.pages.plans.views import get_visible_sheet
from territoires.pages.shortcuts import breadcrumb, get_territory
from territoires.permissions import policy_for
from territoires.plans.models import Status
from territoires.workspace import inbox, reads, services
from territoires.workspace.models import Notification

from . import links
from .forms import NotificationSettingsForm, QueueFilterForm

QUEUE_PER_PAGE = 20


def _page_number(request):
    try:
        return max(1, min(int(request.GET.get("page", 1)), 10_000))
    except ValueError:
        return 1


@login_required
def index(request):
    user = request.user
    policy = policy_for(user)
    page = _page_number(request)
    mine = reads.mine(user, policy)
    sheets, sheets_count = reads.my_sheets(mine)
    waiting, waiting_count = reads.waiting_validation(policy)
    shown, unread = inbox.inbox(user, policy)
    events, has_next = reads.recent_changes(policy, page)
    context = {
        "sheets": sheets,
        "sheets_count": sheets_count,
        "more_sheets": sheets_count - len(sheets),
        "waiting": waiting,
        "waiting_count": waiting_count,
        "can_validate": policy.can_validate_somewhere(),
        "steps": reads.past_due_steps(mine),
        "lines": reads.lines_to_update(mine, policy),
        "meetings": reads.meetings_to_prepare(user, policy),
        "notifications": shown,
        "unread": unread,
        "changes": links.attach([describe(event) for event in events], policy),
        "changes_page": page,
        "changes_next": has_next,
        "breadcrumb": breadcrumb(("Mon espace", None)),
    }
    return render(request, "workspace/index.html", context)


@login_required
def queue(request):
    policy = policy_for(request.user)
    if not policy.can_validate_somewhere():
        raise PermissionDenied("Vous ne validez les fiches d'aucun territoire.")
    form = QueueFilterForm(request.GET, territory_ids=policy.validating_territory_ids())
    filters = form.filters()
    page = page_of(request, reads.sheets_to_validate(policy, **filters), QUEUE_PER_PAGE)
    context = {
        "form": form,
        "page": page,
        "filtered": bool(filters),
        "validated": Status.VALIDATED,
        "breadcrumb": breadcrumb(
            ("Mon espace", reverse("workspace:index")), ("Fiches à valider", None)
        ),
    }
    return render(request, "workspace/queue.html", context)


@login_required
@require_POST
def mark_all_read(request):
    changed = inbox.mark_all_read(acting_user=request.user)
    if changed:
        messages.success(request, "Toutes vos notifications sont marquées comme lues.")
    return redirect(reverse("workspace:index") + "#notifications")


@login_required
@require_POST
def mark_read(request, pk):
    notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
    if inbox.mark_read(notification, acting_user=request.user):
        messages.success(request, "La notification est marquée comme lue.")
    return redirect(reverse("workspace:index") + "#notifications")


@login_required
def notification_settings(request):
    current = services.settings_of(request.user)
    status = 200
    if request.method == "POST":
        form = NotificationSettingsForm(request.POST)
        if form.is_valid():
            try:
                services.change_notification_settings(
                    acting_user=request.user,
                    frequency=form.cleaned_data["frequency"],
                    expected_version=form.cleaned_data["version"] if current.pk else None,
                )
            except StaleEditError as exc:
                form.add_error(None, str(exc))
            except ValidationError as exc:
                show_errors(form, exc)
            else:
                messages.success(request, "Vos réglages des notifications sont enregistrés.")
                return redirect("workspace:settings")
        status = 400
    else:
        form = NotificationSettingsForm(
            initial={"frequency": current.frequency, "version": current.version}
        )
    context = {
        "form": form,
        "breadcrumb": breadcrumb(
            ("Mon espace", reverse("workspace:index")), ("Réglages des notifications", None)
        ),
    }
    return render(request, "workspace/settings.html", context, status=status)


def _back_to_sheet(request, sheet):
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return redirect(target)
    return redirect(sheet.get_absolute_url())


@login_required
@require_POST
def follow(request, territory_code, code):
    sheet = get_visible_sheet(request, get_territory(territory_code), code)
    services.follow_sheet(sheet, acting_user=request.user)
    messages.success(
        request,
        f"Vous suivez la fiche {sheet.code} : ses changements arrivent dans Mon espace.",
    )
    return _back_to_sheet(request, sheet)


@login_required
@require_POST
def unfollow(request, territory_code, code):
    sheet = get_visible_sheet(request, get_territory(territory_code), code)
    services.unfollow_sheet(sheet, acting_user=request.user)
    messages.success(request, f"Vous ne suivez plus la fiche {sheet.code}.")
    return _back_to_sheet(request, sheet)
