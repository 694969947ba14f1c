"""Invitations: the organisers' page of a meeting's invitations (invite a saved list or
chosen contacts with consent, remind those who have not answered, see the answers), and
the invited person's page reached by the personal link of the email (yes or no, no
account). A forged link gets a clear French page and nothing is written."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from territoires.core.paging import page_of
from territoires.meetings import invitations
from territoires.meetings.models import RegistrationStatus
from territoires.pages.shortcuts import get_territory
from territoires.permissions import policy_for

from .forms import InviteForm
from .views import _crumbs, get_visible_meeting, meeting_url

LINK_STATUS = {"forged": 400, "closed": 410}
CONTACTS_PER_PAGE = 50
INVITED_PER_PAGE = 50


def _managed_meeting(request, territory_code, pk):
    territory = get_territory(territory_code)
    meeting = get_visible_meeting(request, territory, pk)
    policy = policy_for(request.user)
    if not (policy.can_manage_meetings(territory) and policy.can_manage_contacts(territory)):
        raise PermissionDenied(
            "Seuls les éditeurs et administrateurs du territoire, et l'équipe nationale, "
            "invitent à ses rencontres."
        )
    return territory, meeting


def _page_url(meeting, territory):
    return reverse("meetings:invitations", args=[territory.code, meeting.pk])


def _invitable_page(request, meeting):
    """(the page of invitable contacts asked by `?page=`, filtered by `?q=`: a name or an
    organisation, the query). A COUNT and one page, whatever the number of contacts."""
    query = request.GET.get("q", "").strip()[:100]
    contacts = invitations.invitable_contacts(meeting)
    if query:
        contacts = contacts.filter(
            Q(person__last_name__icontains=query)
            | Q(person__first_name__icontains=query)
            | Q(person__organisation__name__icontains=query)
        )
    contacts = contacts.prefetch_related(None).order_by(
        "person__last_name", "person__first_name", "id"
    )
    return page_of(request, contacts, CONTACTS_PER_PAGE), query


@require_http_methods(["GET", "POST"])
def invitation_list(request, territory_code, pk):
    territory, meeting = _managed_meeting(request, territory_code, pk)
    page, query = _invitable_page(request, meeting)
    form = InviteForm(
        request.POST if request.method == "POST" else None,
        meeting=meeting,
        shown=page.object_list,
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                counts = invitations.invite(
                    meeting,
                    form.chosen(),
                    acting_user=request.user,
                    base_url=request.build_absolute_uri("/"),
                )
            except ValidationError as exc:
                form.add_error(None, exc.messages)
            else:
                messages.success(request, _invited_message(counts))
                return redirect(_page_url(meeting, territory) + _same_query(request))
    context = {
        "territory": territory,
        "meeting": meeting,
        "form": form,
        "page": page,
        "query": query,
        "invited": page_of(
            request, invitations.invitations_of(meeting), INVITED_PER_PAGE, param="invites"
        ),
        "counts": invitations.answer_counts(meeting),
        "is_open": invitations.is_open(meeting),
        "breadcrumb": _crumbs(
            territory, (meeting.title, meeting_url(meeting, territory)), ("Invitations", None)
        ),
    }
    return render(request, "meetings/invitations.html", context, status=status)


def _same_query(request):
    """The search kept after sending (the page too: its contacts now invited, the next
    ones move up to it)."""
    query = request.GET.copy()
    return f"?{query.urlencode()}" if query else ""


def _invited_message(counts):
    invited = counts["invited"]
    parts = [f"{invited} invitation{'s' if invited > 1 else ''} en cours d'envoi"]
    if counts["already"]:
        parts.append(f"{counts['already']} déjà invité{'s' if counts['already'] > 1 else ''}")
    if counts["without_consent"]:
        n = counts["without_consent"]
        parts.append(f"{n} sans consentement, non invité{'s' if n > 1 else ''}")
    return " ; ".join(parts) + "."


@require_POST
def invitation_remind(request, territory_code, pk):
    territory, meeting = _managed_meeting(request, territory_code, pk)
    try:
        count = invitations.remind(
            meeting, acting_user=request.user, base_url=request.build_absolute_uri("/")
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if count:
            messages.success(
                request, f"{count} relance{'s' if count > 1 else ''} en cours d'envoi."
            )
        else:
            messages.info(request, "Personne à relancer : chacun a répondu ou a été relancé.")
    return redirect(_page_url(meeting, territory))


@never_cache
@require_http_methods(["GET", "POST"])
def invitation_answer(request, token):
    """The invited person's page: the meeting, their answer, two buttons."""
    try:
        invitation = invitations.read_invitation_token(token)
        if request.method == "POST":
            coming = request.POST.get("answer")
            if coming not in ("yes", "no"):
                return _unavailable(request, "Choisissez « Je viens » ou « Je ne viens pas ».", 400)
            invitation = invitations.answer(
                token, coming=coming == "yes", base_url=request.build_absolute_uri("/")
            )
            messages.success(request, "Votre réponse est enregistrée.")
            return redirect(reverse("meetings:invitation", args=[token]))
    except invitations.InvitationLinkError as exc:
        return _unavailable(request, exc.message, LINK_STATUS[exc.reason])
    except ValidationError as exc:
        return _unavailable(request, " ".join(exc.messages), 400)
    meeting = invitation.meeting
    registration = invitation.registration
    context = {
        "invitation": invitation,
        "meeting": meeting,
        "is_open": invitations.is_open(meeting),
        "waiting": registration is not None and registration.status == RegistrationStatus.WAITING,
        "registration": registration,
        "meeting_link": meeting_url(meeting, meeting.territory) if meeting.is_public else "",
    }
    return render(request, "meetings/invitation_answer.html", context)


def _unavailable(request, message, status):
    return render(
        request, "meetings/invitation_unavailable.html", {"message": message}, status=status
    )
