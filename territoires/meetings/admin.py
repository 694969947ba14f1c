"""Admin of meetings: the national team edits a meeting's details through the services
(version, audit log), sees its status moves, agenda, registrations, invitations and
follow-ups (decisions, next dates); status, agenda, registrations, invitations and
follow-ups change on the territory's pages, through the same services."""

from django import forms
from django.contrib import admin

from territoires.core.admin import ReadOnlyAdmin, ReadOnlyInline, ServiceErrorsAdmin

from . import services
from .invitation_models import Invitation
from .models import AgendaItem, FollowUp, Meeting, MeetingTransition, Registration


class TransitionInline(ReadOnlyInline):
    model = MeetingTransition
    fields = ("at", "by", "from_status", "to_status", "comment")
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("by")


class AgendaItemInline(ReadOnlyInline):
    model = AgendaItem
    fields = ("position", "start_time", "duration_minutes", "title")
    readonly_fields = fields


class RegistrationInline(ReadOnlyInline):
    model = Registration
    fields = ("last_name", "first_name", "organisation_name", "email", "status", "registered_at")
    readonly_fields = fields


class MeetingForm(forms.ModelForm):
    # The version the form was opened on: a save on an older one is refused, never merged.
    seen_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Meeting
        fields = ["territory", *services.EDITABLE_FIELDS, "co_organisers"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["seen_version"] = self.instance.version

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            current = Meeting.objects.filter(pk=self.instance.pk).values_list("version", flat=True)
            current = current.first()
            if cleaned.get("seen_version") != current:
                raise forms.ValidationError(
                    f"Cette rencontre a été modifiée entre-temps (version {current}). Rechargez "
                    "la page pour partir de la version actuelle : rien n'a été enregistré."
                )
        return cleaned


@admin.register(Meeting)
class MeetingAdmin(ServiceErrorsAdmin):
    form = MeetingForm
    list_display = ("title", "date", "kind", "territory", "status", "visibility", "is_example")
    list_filter = ("kind", "status", "visibility", "is_example")
    list_select_related = ("territory",)
    search_fields = ("title", "venue_name", "territory__code", "territory__name")
    date_hierarchy = "date"
    autocomplete_fields = ("territory", "host_organisation", "co_organisers")
    readonly_fields = ("status", "is_example", "version", "created_at", "updated_at")
    inlines = [TransitionInline, AgendaItemInline, RegistrationInline]

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        return ("territory", *fields) if obj else fields

    def has_delete_permission(self, request, obj=None):
        return False  # a meeting is cancelled (recorded), never deleted

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        fields = {name: data[name] for name in services.EDITABLE_FIELDS if name in data}
        co_organisers = list(data.get("co_organisers") or [])
        if change:
            saved = services.update_meeting(
                obj,
                acting_user=request.user,
                expected_version=data.get("seen_version"),
                fields=fields,
                co_organisers=co_organisers,
            )
        else:
            saved = services.create_meeting(
                data["territory"],
                acting_user=request.user,
                fields=fields,
                co_organisers=co_organisers,
            )
        obj.pk = saved.pk
        obj.refresh_from_db()

    def save_related(self, request, form, formsets, change):
        # Co-organisers went through the services in save_model (no form.save_m2m); the
        # inlines are read-only.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)


@admin.register(Invitation)
class InvitationAdmin(ReadOnlyAdmin):
    """Invitations are sent once from the meeting's invitations page; read here."""

    list_display = (
        "last_name",
        "first_name",
        "organisation_name",
        "meeting",
        "answer",
        "invited_at",
        "sent_at",
        "reminder_sent_at",
    )
    list_filter = ("answer",)
    list_select_related = ("meeting",)
    search_fields = ("last_name", "first_name", "email", "meeting__title")
    show_full_result_count = False


@admin.register(FollowUp)
class FollowUpAdmin(ReadOnlyAdmin):
    """A meeting's decisions and next dates, kept on its compte rendu's page."""

    list_display = ("text", "kind", "meeting", "owner", "due_date", "status", "is_example")
    list_filter = ("kind", "status", "is_example")
    list_select_related = ("meeting", "owner")
    search_fields = ("text", "meeting__title")
    date_hierarchy = "due_date"
