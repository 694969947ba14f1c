"""Admin of action plans. Fiches are written through the plan services, so that the
admin keeps the version and the history like the territory workspace does."""

from django import forms
from django.contrib import admin
from django.utils.html import format_html, format_html_join

from territoires.audit.readers import history_of
from territoires.audit.render import describe
from territoires.core.admin import ReadOnlyInline, ServiceErrorsAdmin

from . import services
from .fields import M2M_FIELDS, SCALAR_FIELDS
from .models import ActionSheet, StatusTransition, Tag


class StatusTransitionInline(ReadOnlyInline):
    model = StatusTransition
    fields = ("at", "by", "from_status", "to_status", "comment")
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("by")


def history_html(sheet):
    """The fiche's audit events, most recent first, as the fiche page shows them."""
    rows = []
    for event in (describe(e) for e in history_of(sheet)[:50]):
        changes = format_html_join(
            "", "<div>{} : « {} » → « {} »</div>", ((c.label, c.old, c.new) for c in event.changes)
        )
        rows.append(
            (
                event.at.strftime("%d/%m/%Y %H:%M"),
                event.actor or "—",
                event.label,
                event.version or "",
                changes,
                event.comment,
            )
        )
    if not rows:
        return "—"
    return format_html(
        "<table><tbody>{}</tbody></table>",
        format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{} (v{})</td><td>{}</td><td>{}</td></tr>",
            rows,
        ),
    )


class ActionSheetForm(forms.ModelForm):
    # The version the form was opened on: a save on an older one is refused, never merged.
    seen_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = ActionSheet
        fields = ["territory", *SCALAR_FIELDS, *M2M_FIELDS]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["seen_version"] = self.instance.version

    def clean(self):
        cleaned = super().clean()
        seen = cleaned.get("seen_version")
        if self.instance.pk:
            current = ActionSheet.objects.filter(pk=self.instance.pk).values_list(
                "version", flat=True
            )
            current = current.first()
            if seen is None or seen != current:
                raise forms.ValidationError(
                    f"Cette fiche a été modifiée entre-temps (version {current}). Rechargez "
                    "la page pour partir de la version actuelle : rien n'a été enregistré."
                )
        territory = cleaned.get("territory") or getattr(self.instance, "territory", None)
        code = (cleaned.get("code") or "").strip()
        if territory and code:
            clash = ActionSheet.objects.filter(territory=territory, code__iexact=code)
            if self.instance.pk:
                clash = clash.exclude(pk=self.instance.pk)
            if clash.exists():
                self.add_error("code", "Ce code est déjà utilisé par une fiche de ce territoire.")
        return cleaned


@admin.register(ActionSheet)
class ActionSheetAdmin(ServiceErrorsAdmin):
    form = ActionSheetForm
    list_display = (
        "code",
        "title",
        "territory",
        "axis",
        "status",
        "visibility",
        "version",
        "updated_at",
        "is_deleted",
    )
    # By region, not by territory (1,830 links at ten times the national scale); a
    # territory is found by the search box (its code or name).
    list_filter = (
        "territory__region",
        "axis",
        "status",
        "visibility",
        "is_example",
        ("deleted_at", admin.EmptyFieldListFilter),
    )
    list_select_related = ("territory", "axis")
    # The model's order follows the territory's code through a join that no index serves
    # (24,000 rows sorted at ten times the national scale); the territory's id is indexed.
    ordering = ("territory_id", "sort_key", "id")
    show_full_result_count = False
    # 50 rows a page: the admin's rendering, not the SQL, is the cost of a changelist.
    list_per_page = 50
    search_fields = ("code", "title", "territory__code", "territory__name")
    autocomplete_fields = (
        "territory",
        "axis",
        "lead_organisation",
        "presenter",
        "pilots",
        "partners",
        "tags",
        "related_sheets",
    )
    readonly_fields = (
        "status",
        "is_example",
        "version",
        "created_at",
        "updated_at",
        "created_by",
        "deleted_at",
        "deleted_by",
        "history",
    )
    inlines = [StatusTransitionInline]

    @admin.display(description="supprimée", boolean=True)
    def is_deleted(self, obj):
        return obj.is_deleted

    @admin.display(description="historique (journal des modifications)")
    def history(self, obj):
        return history_html(obj) if obj.pk else "—"

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        return ("territory", *fields) if obj else fields

    def has_delete_permission(self, request, obj=None):
        # A fiche goes to the bin of its territory (soft delete), never out of the database.
        return False

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        fields = {name: data[name] for name in SCALAR_FIELDS if name in data}
        m2m = {name: data[name] for name in M2M_FIELDS if name in data}  # QuerySets
        if change:
            saved = services.update_sheet(
                obj,
                acting_user=request.user,
                expected_version=data["seen_version"],
                fields=fields,
                m2m=m2m,
            )
        else:
            saved = services.create_sheet(
                data["territory"], acting_user=request.user, fields=fields, m2m=m2m
            )
        obj.pk = saved.pk
        obj.refresh_from_db()

    def save_related(self, request, form, formsets, change):
        # Many-to-many fields went through the services in save_model (no form.save_m2m);
        # the status inline is read-only, saving it writes nothing.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ("name",)
    search_fields = ("name",)
