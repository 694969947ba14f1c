"""Admin helpers shared by the domain apps."""

from django.contrib import admin
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError


class ServiceErrorsAdmin(admin.ModelAdmin):
    """An admin whose `save_model` calls a service: a ValidationError the service raises
    while saving is shown as the form's errors (French, on the fields it names), with the
    input kept, instead of a server error. Nothing is written: the admin's transaction is
    rolled back, then the page is drawn again with a form that carries those errors (and so
    does not save)."""

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ValidationError as exc:
            if request.method != "POST" or getattr(request, "_service_errors", None):
                raise
            request._service_errors = exc
            return super().changeform_view(request, object_id, form_url, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change, **kwargs)
        refusal = getattr(request, "_service_errors", None)
        if refusal is None:
            return form_class

        class WithServiceErrors(form_class):
            def clean(self):
                cleaned = super().clean()
                add_errors(self, refusal)
                return cleaned

        WithServiceErrors.__name__ = form_class.__name__
        return WithServiceErrors


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows that only the services write (the pages' forms, the workflows): listed and read
    here, never added, changed or deleted from the admin."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(admin.TabularInline):
    """Related rows shown on an object's admin page, read only."""

    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


def add_errors(form, error):
    """Put a ValidationError on `form`: on the fields it names that the form shows, the
    rest (and errors without a field) at the top of the form."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for name, messages in error.message_dict.items():
        field = name if name in form.fields and name != NON_FIELD_ERRORS else None
        form.add_error(field, messages)
