"""Form pieces shared by the apps: DSFR classes on widgets, a native date input.

Forms render with the `core/_field.html` and `core/_form_errors.html` partials."""

from django import forms

CHECKBOX_WIDGETS = (forms.CheckboxInput, forms.CheckboxSelectMultiple, forms.RadioSelect)


def dsfr_widgets(form):
    """Give every widget the DSFR class matching its kind."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, CHECKBOX_WIDGETS) or widget.is_hidden:
            continue
        if isinstance(widget, forms.Select):
            css = "fr-select"
        elif isinstance(widget, forms.ClearableFileInput | forms.FileInput):
            css = "fr-upload"
        else:
            css = "fr-input"
        widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()


class PromptSelect(forms.Select):
    """A select whose empty choice is a prompt ("Choisir…"), never "---------": shown
    while nothing is chosen, disabled so that it cannot be picked (the DSFR pattern).
    The field stays required: sending nothing is refused with the field's message."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        if value in ("", None):
            option["attrs"] = {**option["attrs"], "disabled": True, "hidden": True}
        return option


def with_prompt(choices, prompt):
    """`choices` after an empty choice labelled `prompt` (for a PromptSelect)."""
    return [("", prompt), *choices]


class DsfrForm(forms.Form):
    """A form whose widgets carry the DSFR classes."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        dsfr_widgets(self)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def show_errors(form, error):
    """A service's ValidationError on the form: on its field when shown, else on top."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)
