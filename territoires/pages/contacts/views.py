"""A territory's company contacts: the list filtered by sector, tag, consent or a saved
list; a contact's page (tags, consent history); adding a contact; saved lists. Thin views:
the policy decides (`can_manage_contacts`: others get 403, an unknown territory or contact
404), the forms parse, `organisations.contacts` writes; the CSV import goes through
`organisations.contact_import` (preview, then all or nothing)."""

import base64
import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from territoires.core.forms import show_errors
from territoires.core.paging import page_of
from territoires.meetings import personal_data
from territoires.organisations import contact_import, contacts
from territoires.organisations.models import ContactList
from territoires.pages.shortcuts import breadcrumb, get_territory
from territoires.permissions import policy_for

from .forms import (
    ConsentForm,
    ContactFilterForm,
    ContactForm,
    ContactListForm,
    ImportConfirmForm,
    ImportUploadForm,
    TagsForm,
)

PER_PAGE = 50


def managed_territory(request, territory_code):
    territory = get_territory(territory_code)
    if not policy_for(request.user).can_manage_contacts(territory):
        raise PermissionDenied(
            "Les contacts des entreprises sont réservés aux éditeurs et administrateurs du "
            "territoire, et à l'équipe nationale."
        )
    return territory


def contacts_breadcrumb(territory, *items):
    index = ("Contacts des entreprises", index_url(territory) if items else None)
    return breadcrumb(index, *items, territory=territory)


def index_url(territory):
    return reverse("contacts:index", args=[territory.code])


def get_contact(territory, pk):
    contact = get_object_or_404(contacts.contacts_of(territory).select_related("territory"), pk=pk)
    return contact


@require_http_methods(["GET"])
def contact_list(request, territory_code):
    territory = managed_territory(request, territory_code)
    saved_lists = list(
        ContactList.objects.filter(territory=territory).select_related("tag").order_by("name")
    )
    chosen = None
    queryset = contacts.contacts_of(territory)
    form = ContactFilterForm(request.GET or None, territory=territory)
    if request.GET.get("liste"):
        chosen = next((li for li in saved_lists if str(li.pk) == request.GET["liste"]), None)
        if chosen is None:
            return render(
                request,
                "contacts/contact_list.html",
                _list_context(request, territory, form, saved_lists, None, None),
                status=404,
            )
        queryset = contacts.list_members(chosen)
    elif form.is_bound and form.is_valid():
        data = form.cleaned_data
        queryset = contacts.filter_contacts(
            queryset,
            section=data["secteur"],
            division=data["division"],
            tag=data["etiquette"],
            consent=data["consentement"],
        )
    elif form.is_bound:
        context = _list_context(request, territory, form, saved_lists, None, None)
        return render(request, "contacts/contact_list.html", context, status=400)
    page = page_of(request, queryset, PER_PAGE)
    context = _list_context(request, territory, form, saved_lists, chosen, page)
    return render(request, "contacts/contact_list.html", context)


def _list_context(request, territory, form, saved_lists, chosen, page):
    return {
        "territory": territory,
        "form": form,
        "saved_lists": saved_lists,
        "chosen_list": chosen,
        "page": page,
        "breadcrumb": contacts_breadcrumb(territory),
    }


@require_http_methods(["GET", "POST"])
def contact_add(request, territory_code):
    territory = managed_territory(request, territory_code)
    form = ContactForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                contact, created = contacts.save_contact(
                    territory, acting_user=request.user, **form.cleaned_data
                )
            except ValidationError as exc:
                show_errors(form, exc)
            else:
                verb = "ajouté aux" if created else "mis à jour dans les"
                messages.success(request, f"{contact.person} : contact {verb} contacts.")
                return redirect("contacts:detail", territory.code, contact.pk)
    context = {
        "territory": territory,
        "form": form,
        "breadcrumb": contacts_breadcrumb(territory, ("Ajouter un contact", None)),
    }
    return render(request, "contacts/contact_form.html", context, status=status)


def _render_detail(request, territory, contact, *, tags_form=None, consent_form=None, status=200):
    context = {
        "territory": territory,
        "contact": contact,
        "person": contact.person,
        "tags": list(contact.tags.all()),
        "consents": list(contacts.consent_history(contact)),
        "tags_form": tags_form
        or TagsForm(initial={"tags": ", ".join(t.name for t in contact.tags.all())}),
        "consent_form": consent_form or ConsentForm(initial={"on": timezone.localdate()}),
        "breadcrumb": contacts_breadcrumb(territory, (str(contact.person), None)),
    }
    return render(request, "contacts/contact_detail.html", context, status=status)


@require_http_methods(["GET"])
def contact_detail(request, territory_code, pk):
    territory = managed_territory(request, territory_code)
    return _render_detail(request, territory, get_contact(territory, pk))


@require_POST
def contact_tags(request, territory_code, pk):
    territory = managed_territory(request, territory_code)
    contact = get_contact(territory, pk)
    form = TagsForm(request.POST)
    if form.is_valid():
        contacts.set_tags(contact, form.cleaned_data["tags"], acting_user=request.user)
        messages.success(request, "Étiquettes enregistrées.")
        return redirect("contacts:detail", territory.code, contact.pk)
    return _render_detail(request, territory, contact, tags_form=form, status=400)


@require_POST
def contact_consent(request, territory_code, pk):
    territory = managed_territory(request, territory_code)
    contact = get_contact(territory, pk)
    form = ConsentForm(request.POST)
    if form.is_valid():
        try:
            contacts.record_consent(contact, acting_user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            show_errors(form, exc)
        else:
            messages.success(request, "Consentement enregistré.")
            return redirect("contacts:detail", territory.code, contact.pk)
    return _render_detail(request, territory, contact, consent_form=form, status=400)


@require_http_methods(["GET", "POST"])
def list_create(request, territory_code):
    territory = managed_territory(request, territory_code)
    form = ContactListForm(request.POST if request.method == "POST" else None, territory=territory)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                saved = contacts.save_contact_list(form.instance, acting_user=request.user)
            except ValidationError as exc:
                show_errors(form, exc)
            else:
                messages.success(request, f"Liste « {saved.name} » enregistrée.")
                return redirect(f"{index_url(territory)}?liste={saved.pk}")
    context = {
        "territory": territory,
        "form": form,
        "breadcrumb": contacts_breadcrumb(territory, ("Nouvelle liste", None)),
    }
    return render(request, "contacts/list_form.html", context, status=status)


@require_POST
def list_delete(request, territory_code, list_pk):
    territory = managed_territory(request, territory_code)
    saved = get_object_or_404(ContactList, pk=list_pk, territory=territory)
    contacts.delete_contact_list(saved, acting_user=request.user)
    messages.success(request, f"Liste « {saved.name} » supprimée.")
    return redirect(index_url(territory))


# Import --------------------------------------------------------------------------------


def _render_import(request, territory, *, form, preview=None, content=b"", problem="", status=200):
    context = {
        "territory": territory,
        "problem": problem,
        "form": form,
        "preview": preview,
        "counts": preview.counts if preview else {},
        "content": base64.b64encode(content).decode() if content else "",
        "breadcrumb": contacts_breadcrumb(territory, ("Importer des contacts", None)),
    }
    return render(request, "contacts/import.html", context, status=status)


@require_http_methods(["GET", "POST"])
def contact_import_page(request, territory_code):
    """Upload a CSV file → its preview (what each line creates or updates, the errors by
    line and column) → confirm: every line is written, or none."""
    territory = managed_territory(request, territory_code)
    if request.method == "GET":
        return _render_import(request, territory, form=ImportUploadForm())
    if "content" in request.POST:
        confirm = ImportConfirmForm(request.POST)
        if not confirm.is_valid():
            problem = " ".join(confirm.errors["content"])
            return _render_import(
                request, territory, form=ImportUploadForm(), problem=problem, status=400
            )
        content = confirm.cleaned_data["content"]
        try:
            done = contact_import.apply(territory, content, acting_user=request.user)
        except contact_import.ImportRefused as refused:
            return _render_import(
                request,
                territory,
                form=ImportUploadForm(),
                preview=refused.preview,
                status=400,
            )
        counts = done.counts
        messages.success(
            request,
            f"Import terminé : {counts['create']} contact{'s' if counts['create'] > 1 else ''} "
            f"créé{'s' if counts['create'] > 1 else ''}, {counts['update']} mis à jour, "
            f"{counts['unchanged']} inchangé{'s' if counts['unchanged'] > 1 else ''}.",
        )
        return redirect(index_url(territory))
    form = ImportUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _render_import(request, territory, form=form, status=400)
    upload = form.cleaned_data["file"]
    if upload.size > contact_import.MAX_BYTES:
        form.add_error("file", "Fichier trop gros : 1 Mo au plus.")
        return _render_import(request, territory, form=form, status=400)
    content = upload.read()
    preview = contact_import.preview(territory, content, acting_user=request.user)
    return _render_import(
        request,
        territory,
        form=ImportUploadForm(),
        preview=preview,
        content=b"" if preview.errors else content,
        status=400 if preview.errors else 200,
    )


# A person's data -----------------------------------------------------------------------


@require_POST
def contact_export(request, territory_code, pk):
    """Everything the territory holds about the contact's person, as a JSON file."""
    territory = managed_territory(request, territory_code)
    contact = get_contact(territory, pk)
    document = personal_data.export(contact, acting_user=request.user)
    response = HttpResponse(
        json.dumps(document, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="donnees-personnelles-{territory.code}-{contact.pk}.json"'
    )
    return response


@require_http_methods(["GET", "POST"])
def contact_erase(request, territory_code, pk):
    """What erasing the contact's person does, then doing it once confirmed."""
    territory = managed_territory(request, territory_code)
    contact = get_contact(territory, pk)
    problem, status = "", 200
    if request.method == "POST":
        if request.POST.get("confirm") != "1":
            problem, status = "Cochez la case pour confirmer l'effacement.", 400
        else:
            try:
                personal_data.erase(contact, acting_user=request.user)
            except ValidationError as exc:
                problem, status = " ".join(exc.messages), 400
            else:
                messages.success(
                    request,
                    "Les données de la personne ont été effacées : ses inscriptions et ses "
                    "avis restent comptés, sans son nom ni son adresse.",
                )
                return redirect(index_url(territory))
    registrations = personal_data.registrations_of(contact)
    context = {
        "territory": territory,
        "contact": contact,
        "person": contact.person,
        "problem": problem,
        "registration_count": registrations.count(),
        "feedback_count": personal_data.feedback_of(contact, registrations).count(),
        "breadcrumb": contacts_breadcrumb(
            territory,
            (str(contact.person), reverse("contacts:detail", args=[territory.code, contact.pk])),
            ("Effacer ses données", None),
        ),
    }
    return render(request, "contacts/erase.html", context, status=status)
