"""The catalogue of schemes (public), its filters, and a user's saved searches (alerts),
which their emails' link stops without an account."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from territoires.core.forms import DsfrForm, show_errors
from territoires.core.text import alphabetical
from territoires.funding import alerts, catalogue, places
from territoires.funding.models import AlertFrequency, Beneficiary, SchemeAlert
from territoires.pages.shortcuts import breadcrumb
from territoires.programmes.models import Axis

PAGE_SIZE = 50


class SearchForm(DsfrForm):
    q = forms.CharField(label="Mots", required=False, max_length=200)
    axis = forms.ChoiceField(label="Axe servi", required=False)
    beneficiary = forms.ChoiceField(
        label="Bénéficiaire éligible",
        required=False,
        choices=[("", "Tous")] + list(Beneficiary.choices),
    )
    region = forms.ChoiceField(
        label="Région",
        required=False,
        choices=[("", "Toutes")] + alphabetical(places.REGIONS.items(), name=lambda item: item[1]),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        axes = Axis.objects.filter(programme__is_active=True).order_by("position", "name")
        self.fields["axis"].choices = [("", "Tous")] + [
            (code, name) for code, name in axes.values_list("code", "name").distinct()
        ]


class AlertForm(DsfrForm):
    name = forms.CharField(label="Nom de l'alerte", max_length=200)
    frequency = forms.ChoiceField(label="Fréquence", choices=AlertFrequency.choices)


def scheme_catalogue(request):
    form = SearchForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    filters = {name: filters.get(name, "") for name in ("q", "axis", "beneficiary", "region")}
    schemes = catalogue.search_schemes(open=True, **filters).prefetch_related("financers")
    page = Paginator(schemes, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "alert_form": AlertForm(initial={"frequency": AlertFrequency.WEEKLY}),
        "query": request.GET.urlencode(),
        "breadcrumb": breadcrumb(("Dispositifs de financement", None)),
    }
    return render(request, "funding/catalogue.html", context)


@login_required
def alert_list(request):
    context = {
        "alerts": request.user.scheme_alerts.order_by("name", "pk"),
        "breadcrumb": breadcrumb(
            ("Dispositifs de financement", reverse("funding:catalogue")), ("Mes alertes", None)
        ),
    }
    return render(request, "funding/alerts.html", context)


@login_required
@require_POST
def alert_create(request):
    search = SearchForm(request.POST)
    form = AlertForm(request.POST)
    if form.is_valid() and search.is_valid():
        try:
            alerts.create_alert(
                acting_user=request.user,
                name=form.cleaned_data["name"],
                frequency=form.cleaned_data["frequency"],
                **{k: search.cleaned_data[k] for k in ("q", "axis", "beneficiary", "region")},
            )
        except ValidationError as exc:
            show_errors(form, exc)
        else:
            messages.success(
                request, "Alerte enregistrée : les nouveaux dispositifs vous seront envoyés."
            )
            return redirect("funding:alerts")
    errors = " ".join(" ".join(e) for e in [*form.errors.values(), *search.errors.values()])
    messages.error(request, f"Alerte non enregistrée : {errors}")
    return redirect(reverse("funding:catalogue"))


@login_required
@require_POST
def alert_delete(request, pk):
    alert = get_object_or_404(SchemeAlert, pk=pk, user=request.user)
    alerts.delete_alert(alert, acting_user=request.user)
    messages.success(request, f"Alerte « {alert.name} » supprimée.")
    return redirect("funding:alerts")


# The link's signed token is what allows the write, not a session: no CSRF token is asked,
# so that mail clients can POST it from their one-click button (RFC 8058).
@csrf_exempt
@require_http_methods(["GET", "POST"])
def alert_unsubscribe(request, token):
    """GET: the alert and one button; POST: the alert stopped, and said so."""
    context = {
        "breadcrumb": breadcrumb(("Désabonnement d'une alerte", None)),
        "alert": None,
        "error": "",
        "stopped": "",
    }
    try:
        alert = alerts.read_unsubscribe_token(token)
    except alerts.BadUnsubscribeLink as exc:
        context["error"] = str(exc)
        return render(request, "funding/unsubscribe.html", context, status=400)
    if alert is not None and request.method == "POST":
        context["stopped"] = alert.name
        alerts.unsubscribe(alert, acting_user=request.user)
        alert = None
    context["alert"] = alert
    return render(request, "funding/unsubscribe.html", context)
