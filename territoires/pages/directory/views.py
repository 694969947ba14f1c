"""A territory's directory (annuaire): its governance, people and partners, and the pages
that change them. Thin views: the policy decides, the forms parse, the services write.

The directory is public without contact details; its changes are for those who may
manage it (`Policy.can_manage_directory`), others get 403, an unknown territory 404.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from territoires.core.forms import show_errors
from territoires.organisations import services
from territoires.organisations.models import GovernanceRole, Partnership, Person
from territoires.pages.shortcuts import breadcrumb, get_territory
from territoires.permissions import policy_for

from .forms import (
    AddPersonForm,
    EndRoleForm,
    ExistingPartnerForm,
    GiveRoleForm,
    NewPartnerForm,
    PartnerSearchForm,
    PersonForm,
    RoleForm,
)

# Helpers -------------------------------------------------------------------------------


def _breadcrumb(territory, *items):
    """Through the directory: its own page when `items` is empty, else a link to it."""
    directory = ("Annuaire", _directory_url(territory) if items else None)
    return breadcrumb(directory, *items, territory=territory)


def _managed_territory(request, territory_code):
    territory = get_territory(territory_code)
    if not policy_for(request.user).can_manage_directory(territory):
        raise PermissionDenied(
            "Seuls les éditeurs et administrateurs du territoire, et l'équipe nationale, "
            "modifient son annuaire."
        )
    return territory


def _directory_url(territory, anchor=""):
    url = reverse("directory:index", args=[territory.code])
    return f"{url}#{anchor}" if anchor else url


def _role(territory, pk):
    governance_role = get_object_or_404(
        GovernanceRole.objects.select_related("person__organisation", "organisation"),
        pk=pk,
        territory=territory,
    )
    governance_role.territory = territory
    return governance_role


# The directory -------------------------------------------------------------------------


def index(request, territory_code):
    """The territory's governance by role, its other contacts and its partners."""
    territory = get_territory(territory_code)
    policy = policy_for(request.user)
    can_manage = policy.can_manage_directory(territory)
    groups, ended = services.group_roles(list(services.directory_roles(territory)))
    partnerships = list(
        Partnership.objects.filter(territory=territory).select_related("organisation")
    )
    context = {
        "territory": territory,
        "groups": groups,
        "ended": ended if can_manage else [],
        "partnerships": partnerships,
        "person_count": len({r.person_id for g in groups for r in g["roles"]}),
        "show_contacts": policy.can_see_contacts(territory),
        "can_manage": can_manage,
        "breadcrumb": _breadcrumb(territory),
    }
    return render(request, "directory/directory.html", context)


# People and roles ----------------------------------------------------------------------


def _render_person_add(request, territory, *, add_form=None, role_form=None, status=200):
    role_form = role_form or GiveRoleForm(territory=territory)
    context = {
        "territory": territory,
        "add_form": add_form or AddPersonForm(territory=territory),
        "role_form": role_form,
        "has_people": role_form.fields["person"].queryset.exists(),
        "breadcrumb": _breadcrumb(territory, ("Ajouter une personne", None)),
    }
    return render(request, "directory/person_add.html", context, status=status)


@require_http_methods(["GET", "POST"])
def person_add(request, territory_code):
    territory = _managed_territory(request, territory_code)
    if request.method == "GET":
        return _render_person_add(request, territory)
    form = AddPersonForm(request.POST, territory=territory)
    if form.is_valid():
        try:
            governance_role = services.add_person_to_directory(
                territory,
                acting_user=request.user,
                role=form.cleaned_data["role"],
                organisation=form.cleaned_data["organisation"],
                new_organisation=form.new_organisation(),
                note=form.cleaned_data["note"],
                since=form.cleaned_data["since"],
                **form.person_fields(),
            )
        except ValidationError as exc:
            show_errors(form, exc)
        else:
            messages.success(
                request,
                f"{governance_role.person} figure maintenant dans l'annuaire "
                f"({governance_role.get_role_display()}).",
            )
            return redirect(_directory_url(territory, governance_role.role))
    return _render_person_add(request, territory, add_form=form, status=400)


@require_POST
def role_add(request, territory_code):
    territory = _managed_territory(request, territory_code)
    form = GiveRoleForm(request.POST, territory=territory)
    if form.is_valid():
        try:
            governance_role = services.give_role(
                territory,
                form.cleaned_data["person"],
                acting_user=request.user,
                role=form.cleaned_data["role"],
                note=form.cleaned_data["note"],
                since=form.cleaned_data["since"],
            )
        except ValidationError as exc:
            show_errors(form, exc)
        else:
            messages.success(
                request,
                f"{governance_role.person} : rôle « {governance_role.get_role_display()} » ajouté.",
            )
            return redirect(_directory_url(territory, governance_role.role))
    return _render_person_add(request, territory, role_form=form, status=400)


@require_http_methods(["GET", "POST"])
def role_edit(request, territory_code, pk):
    territory = _managed_territory(request, territory_code)
    governance_role = _role(territory, pk)
    if request.method == "POST":
        form = RoleForm(request.POST, governance_role=governance_role)
        if form.is_valid():
            try:
                services.change_role(governance_role, acting_user=request.user, **form.cleaned_data)
            except ValidationError as exc:
                show_errors(form, exc)
            else:
                messages.success(request, f"Rôle de {governance_role.person} modifié.")
                return redirect(_directory_url(territory, governance_role.role))
        status = 400
    else:
        form = RoleForm(
            governance_role=governance_role,
            initial={
                "role": governance_role.role,
                "organisation": governance_role.organisation_id,
                "note": governance_role.note,
                "since": governance_role.since,
            },
        )
        status = 200
    context = {
        "territory": territory,
        "governance_role": governance_role,
        "form": form,
        "end_form": EndRoleForm(),
        "breadcrumb": _breadcrumb(territory, (f"Rôle de {governance_role.person}", None)),
    }
    return render(request, "directory/role_edit.html", context, status=status)


@require_POST
def role_end(request, territory_code, pk):
    territory = _managed_territory(request, territory_code)
    governance_role = _role(territory, pk)
    form = EndRoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Date de fin invalide : saisissez une date comme 31/12/2025.")
        return redirect("directory:role_edit", territory_code=territory.code, pk=governance_role.pk)
    try:
        services.end_role(
            governance_role, acting_user=request.user, until=form.cleaned_data["until"]
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("directory:role_edit", territory_code=territory.code, pk=governance_role.pk)
    messages.success(
        request,
        f"Rôle « {governance_role.get_role_display()} » de {governance_role.person} terminé "
        f"le {governance_role.until:%d/%m/%Y}.",
    )
    return redirect(_directory_url(territory))


@require_http_methods(["GET", "POST"])
def person_edit(request, territory_code, pk):
    territory = _managed_territory(request, territory_code)
    person = (
        Person.objects.select_related("organisation")
        .filter(pk=pk, pk__in=GovernanceRole.objects.filter(territory=territory).values("person"))
        .first()
    )
    if person is None:
        raise Http404("Personne introuvable dans l'annuaire de ce territoire.")
    if not policy_for(request.user).can_edit_person(person):
        raise PermissionDenied("Vous ne pouvez pas modifier cette personne.")
    if request.method == "POST":
        form = PersonForm(request.POST, territory=territory, person=person)
        if form.is_valid():
            try:
                services.update_person(
                    person,
                    acting_user=request.user,
                    territory=territory,
                    organisation=form.cleaned_data["organisation"],
                    new_organisation=form.new_organisation(),
                    **form.person_fields(),
                )
            except ValidationError as exc:
                show_errors(form, exc)
            else:
                messages.success(request, f"Coordonnées de {person} enregistrées.")
                return redirect(_directory_url(territory))
        status = 400
    else:
        initial = {
            name: getattr(person, name)
            for name in ("first_name", "last_name", "job_title", "email", "phone")
        }
        initial["organisation"] = person.organisation_id
        form = PersonForm(territory=territory, person=person, initial=initial)
        status = 200
    other_territories = (
        GovernanceRole.objects.filter(person=person)
        .exclude(territory=territory)
        .values_list("territory__name", flat=True)
        .distinct()
    )
    context = {
        "territory": territory,
        "person": person,
        "form": form,
        "other_territories": sorted(set(other_territories)),
        "breadcrumb": _breadcrumb(territory, (f"Modifier {person}", None)),
    }
    return render(request, "directory/person_edit.html", context, status=status)


# Partners ------------------------------------------------------------------------------


def _render_partner_add(request, territory, *, new_form=None, existing_form=None, status=200):
    search = PartnerSearchForm(request.GET)
    query = search.cleaned_data.get("q", "") if search.is_valid() else ""
    context = {
        "territory": territory,
        "search": search,
        "query": query,
        "results": services.search_organisations(query, territory=territory),
        "existing_form": existing_form,
        "new_form": new_form or NewPartnerForm(),
        "breadcrumb": _breadcrumb(territory, ("Ajouter un partenaire", None)),
    }
    return render(request, "directory/partner_add.html", context, status=status)


@require_http_methods(["GET", "POST"])
def partner_add(request, territory_code):
    """GET: search an organisation (name, SIREN, SIRET). POST: add the one chosen."""
    territory = _managed_territory(request, territory_code)
    if request.method == "GET":
        return _render_partner_add(request, territory)
    form = ExistingPartnerForm(request.POST)
    if form.is_valid():
        try:
            partnership = services.add_partner(
                territory,
                form.cleaned_data["organisation"],
                acting_user=request.user,
                description=form.cleaned_data["description"],
            )
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(
                request, f"« {partnership.organisation} » est partenaire du territoire."
            )
            return redirect(_directory_url(territory, "partenaires"))
    return _render_partner_add(request, territory, existing_form=form, status=400)


@require_POST
def partner_create(request, territory_code):
    """A new organisation, made a partner of the territory."""
    territory = _managed_territory(request, territory_code)
    form = NewPartnerForm(request.POST)
    if form.is_valid():
        try:
            partnership = services.add_new_partner(
                territory, acting_user=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            show_errors(form, exc)
        else:
            messages.success(
                request, f"« {partnership.organisation} » a été créée et ajoutée aux partenaires."
            )
            return redirect(_directory_url(territory, "partenaires"))
    return _render_partner_add(request, territory, new_form=form, status=400)


@require_POST
def partner_remove(request, territory_code, pk):
    territory = _managed_territory(request, territory_code)
    partnership = get_object_or_404(
        Partnership.objects.select_related("organisation"), pk=pk, territory=territory
    )
    partnership.territory = territory
    services.remove_partner(partnership, acting_user=request.user)
    messages.success(
        request, f"« {partnership.organisation} » ne fait plus partie des partenaires."
    )
    return redirect(_directory_url(territory, "partenaires"))
