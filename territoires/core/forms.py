"""Form pieces shared by the apps: DSFR classes on widgets, a native date input.

Forms render with the `core/_field.html` and `core/_form_errors.html` partials."""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join

CHECKBOX_WIDGETS = (forms.CheckboxInput, forms.CheckboxSelectMultiple, forms.RadioSelect)


DASHES = "---------"  # Django's pseudo-choice, never shown (issue 5)
PROMPT = "Choisir dans la liste"
NOT_GIVEN = "Non renseigné"


def real_empty_choice(field):
    """Replace Django's "---------" with words: a required list shows a prompt that cannot
    be chosen (PromptSelect), an optional one a real choice "Non renseigné". Reads no
    queryset (a ModelChoiceField's empty label is an attribute)."""
    if isinstance(field, forms.ModelMultipleChoiceField) or not isinstance(
        field.widget, forms.Select
    ):
        return
    if isinstance(field, forms.ModelChoiceField):
        if field.empty_label is None:
            return
        if field.empty_label == DASHES:
            field.empty_label = PROMPT if field.required else NOT_GIVEN
    elif isinstance(field, forms.ChoiceField):
        choices = list(field.choices)
        if not any(value in ("", None) for value, _label in choices):
            return
        field.choices = [
            (value, (PROMPT if field.required else NOT_GIVEN) if label == DASHES else label)
            for value, label in choices
        ]
    else:
        return
    if field.required and type(field.widget) is forms.Select:
        field.widget.__class__ = PromptSelect


def dsfr_widgets(form):
    """Give every widget the DSFR class matching its kind, and every list a real empty
    choice (`real_empty_choice`)."""
    for field in form.fields.values():
        real_empty_choice(field)
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


class LongSelect(forms.Select):
    """A select of many options without groups (a Région's 160 territories), its options
    written in Python: the same HTML as Django's select without rendering a template per
    option (40 ms of the validation queue on a loaded machine). Groups render as usual."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        if any(group is not None for group, _options, _index in widget["optgroups"]):
            return super().render(name, value, attrs, renderer)
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (str(option["value"]), flatatt(option["attrs"]), option["label"])
                for _group, group_options, _index in widget["optgroups"]
                for option in group_options
            ),
        )
        return format_html(
            '<select name="{}"{}>{}</select>', widget["name"], flatatt(widget["attrs"]), options
        )


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
