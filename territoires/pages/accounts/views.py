"""Pages of the accounts app: login, password reset, profile and API tokens, members."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.views.decorators.http import require_POST
from django.views.generic import FormView

from territoires.accounts import services
from territoires.accounts.identity import normalize_email
from territoires.accounts.models import ApiToken, Membership
from territoires.core.errors import RateLimitedError
from territoires.core.forms import show_errors
from territoires.core.http import client_ip
from territoires.organisations import services as directory_services
from territoires.pages.shortcuts import breadcrumb, get_territory
from territoires.permissions import policy_for

from .forms import (
    AddMemberForm,
    ApiTokenForm,
    FrenchSetPasswordForm,
    LoginForm,
    MemberPersonForm,
    MemberRoleForm,
    PasswordResetRequestForm,
)


class BreadcrumbMixin:
    page_label = ""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["breadcrumb"] = breadcrumb((self.page_label, None))
        return context


class LoginView(BreadcrumbMixin, auth_views.LoginView):
    template_name = "accounts/login.html"
    form_class = LoginForm
    redirect_authenticated_user = True
    page_label = "Connexion"


class LogoutView(auth_views.LogoutView):
    """POST only (Django's rule); redirects to LOGOUT_REDIRECT_URL."""


class PasswordResetView(BreadcrumbMixin, FormView):
    """Ask for a reset link. Known address or not, the answer is the same page after the
    same work (one queued task): see `accounts.services.request_password_reset`."""

    template_name = "accounts/password_reset_form.html"
    form_class = PasswordResetRequestForm
    success_url = reverse_lazy("accounts:password_reset_done")
    page_label = "Mot de passe oublié"

    def form_valid(self, form):
        try:
            services.request_password_reset(
                form.cleaned_data["email"],
                ip_address=client_ip(self.request),
                base_url=self.request.build_absolute_uri("/"),
            )
        except RateLimitedError as exc:
            form.add_error(None, exc.message)
            response = self.render_to_response(self.get_context_data(form=form), status=429)
            if exc.retry_after:
                response["Retry-After"] = str(exc.retry_after)
            return response
        return super().form_valid(form)

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)


class PasswordResetDoneView(BreadcrumbMixin, auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"
    page_label = "Mot de passe oublié"


class PasswordResetConfirmView(BreadcrumbMixin, auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    form_class = FrenchSetPasswordForm
    success_url = reverse_lazy("accounts:password_reset_complete")
    page_label = "Nouveau mot de passe"

    def form_valid(self, form):
        response = super().form_valid(form)
        if form.revoked_tokens:
            messages.info(
                self.request,
                f"Vos jetons d'API ont été révoqués ({form.revoked_tokens}) : créez-en de "
                "nouveaux depuis votre profil pour les programmes qui en ont besoin.",
            )
        return response


class PasswordResetCompleteView(BreadcrumbMixin, auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"
    page_label = "Nouveau mot de passe"


# Profile and API tokens ---------------------------------------------------------------


def _render_profile(request, *, token_form=None, new_key=None, new_token=None, status=200):
    policy = policy_for(request.user)
    memberships = (
        Membership.objects.filter(user=request.user)
        .select_related("territory", "territory__region")
        .order_by("territory__code")
    )
    territories = [
        {"membership": m, "can_manage": policy.can_manage_members(m.territory)} for m in memberships
    ]
    context = {
        "breadcrumb": breadcrumb(("Mon compte", None)),
        "territories": territories,
        "scopes": request.user.scopes.select_related("region", "department", "organisation"),
        "is_national": policy.is_national,
        "tokens": request.user.api_tokens.all(),
        "token_form": token_form or ApiTokenForm(),
        "new_key": new_key,
        "new_token": new_token,
    }
    return render(request, "accounts/profile.html", context, status=status)


@login_required
def profile(request):
    return _render_profile(request)


@login_required
@require_POST
def api_token_create(request):
    """Create a token and show its clear key in this response only (never stored)."""
    form = ApiTokenForm(request.POST)
    if not form.is_valid():
        return _render_profile(request, token_form=form, status=400)
    try:
        token, key = services.issue_api_token(
            acting_user=request.user, name=form.cleaned_data["name"]
        )
    except ValidationError as exc:
        form.add_error(None, exc)
        return _render_profile(request, token_form=form, status=400)
    response = _render_profile(request, new_key=key, new_token=token)
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def api_token_revoke(request, pk):
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    services.revoke_api_token(token, acting_user=request.user)
    messages.success(request, f"Le jeton « {token.name} » est révoqué : il ne fonctionne plus.")
    return redirect("accounts:profile")


# Territory members ----------------------------------------------------------------------


def _managed_territory(request, territory_code):
    territory = get_territory(territory_code)
    if not policy_for(request.user).can_manage_members(territory):
        raise PermissionDenied("Seuls les administrateurs du territoire gèrent ses membres.")
    return territory


def _render_members(request, territory, *, add_form=None, person_errors=None, status=200):
    """The members page; `person_errors` maps a membership's pk to the errors of its
    "matched person" form."""
    order = {role: index for index, role in enumerate(reversed(Membership.Role.values))}
    members = sorted(
        Membership.objects.filter(territory=territory).select_related("user"),
        key=lambda m: (order[m.role], m.user.email),
    )
    candidates = list(directory_services.link_candidates(territory))
    linked = {p.user_id: p for p in directory_services.linked_people(territory)}
    rows = []
    for m in members:
        person = linked.get(m.user_id)
        suggested = None
        if person is None:
            suggested = next(
                (p for p in candidates if normalize_email(p.email) == m.user.email), None
            )
        rows.append(
            {
                "membership": m,
                "form": MemberRoleForm(initial={"role": m.role}, prefix=f"m{m.pk}"),
                "person": person,
                "suggested": suggested,
                "person_errors": (person_errors or {}).get(m.pk, []),
            }
        )
    context = {
        "breadcrumb": breadcrumb(("Membres", None), territory=territory),
        "territory": territory,
        "rows": rows,
        "candidates": candidates,
        "add_form": add_form or AddMemberForm(initial={"role": Membership.Role.READER}),
        "roles": Membership.Role,
    }
    return render(request, "accounts/territory_members.html", context, status=status)


@login_required
def territory_members(request, territory_code):
    territory = _managed_territory(request, territory_code)
    return _render_members(request, territory)


@login_required
@require_POST
def territory_member_add(request, territory_code):
    territory = _managed_territory(request, territory_code)
    form = AddMemberForm(request.POST)
    if not form.is_valid():
        return _render_members(request, territory, add_form=form, status=400)
    try:
        membership, created, person = directory_services.invite_member(
            territory,
            acting_user=request.user,
            base_url=request.build_absolute_uri("/"),
            **form.cleaned_data,
        )
    except ValidationError as exc:
        show_errors(form, exc)
        return _render_members(request, territory, add_form=form, status=400)
    role = membership.get_role_display().lower()
    if created:
        text = (
            f"Compte créé pour {membership.user.email}, {role} du territoire : un courriel "
            "lui permet de choisir son mot de passe."
        )
    else:
        text = f"{membership.user} est maintenant {role} du territoire."
    if person is not None:
        text += f" Son compte est relié à « {person} » dans l'annuaire."
    messages.success(request, text)
    return redirect("accounts:territory_members", territory_code=territory.code)


def _membership(territory, pk):
    return get_object_or_404(
        Membership.objects.select_related("user", "territory"), pk=pk, territory=territory
    )


@login_required
@require_POST
def territory_member_role(request, territory_code, pk):
    territory = _managed_territory(request, territory_code)
    membership = _membership(territory, pk)
    form = MemberRoleForm(request.POST, prefix=f"m{membership.pk}")
    if not form.is_valid():
        messages.error(request, "Choisissez un rôle dans la liste.")
        return redirect("accounts:territory_members", territory_code=territory.code)
    try:
        services.change_member_role(membership, form.cleaned_data["role"], acting_user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            f"{membership.user} est maintenant {membership.get_role_display().lower()}.",
        )
    return redirect("accounts:territory_members", territory_code=territory.code)


@login_required
@require_POST
def territory_member_remove(request, territory_code, pk):
    territory = _managed_territory(request, territory_code)
    membership = _membership(territory, pk)
    try:
        services.remove_member(membership, acting_user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"{membership.user} n'est plus membre du territoire.")
    return redirect("accounts:territory_members", territory_code=territory.code)


@login_required
@require_POST
def territory_member_person(request, territory_code, pk):
    """Match a member's account to a person of the territory's directory."""
    territory = _managed_territory(request, territory_code)
    membership = _membership(territory, pk)
    form = MemberPersonForm(
        request.POST,
        prefix=f"p{membership.pk}",
        candidates=directory_services.link_candidates(territory),
    )
    errors = None
    if form.is_valid():
        try:
            person = directory_services.match_member(
                membership, form.cleaned_data["person"], acting_user=request.user
            )
        except ValidationError as exc:
            errors = exc.messages
    else:
        errors = form.errors["person"]
    if errors:
        return _render_members(
            request, territory, person_errors={membership.pk: errors}, status=400
        )
    messages.success(request, f"Le compte {membership.user.email} est relié à « {person} ».")
    return redirect("accounts:territory_members", territory_code=territory.code)
