"""A list of codes from a fixed vocabulary, stored as one portable text column.

The codes are kept as ",commune,epci," (sorted, framed by commas), so that "schemes open
to EPCI" is a plain `LIKE '%,epci,%'` on SQLite and PostgreSQL alike
(`SchemeQuerySet.with_code`); Python code reads and writes a list of codes.
"""

from django.core.exceptions import ValidationError
from django.db import models


class CodeListField(models.CharField):
    def __init__(self, *args, vocabulary=None, **kwargs):
        self.vocabulary = vocabulary
        kwargs.setdefault("max_length", 300)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", list)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("vocabulary", None)
        if kwargs.get("max_length") == 300:
            kwargs.pop("max_length")
        kwargs.pop("blank", None)
        return name, path, args, kwargs

    def from_db_value(self, value, expression, connection):
        return self.to_python(value)

    def to_python(self, value):
        if value is None or value == "":
            return []
        if isinstance(value, (list, tuple)):
            return list(value)
        return [code for code in value.split(",") if code]

    def get_prep_value(self, value):
        codes = self.to_python(value)
        return f",{','.join(sorted(set(codes)))}," if codes else ""

    def value_to_string(self, obj):
        return self.get_prep_value(self.value_from_object(obj))

    def validate(self, value, model_instance):
        if self.vocabulary is None:
            return
        unknown = [code for code in self.to_python(value) if code not in self.vocabulary.values]
        if unknown:
            raise ValidationError(f"Valeur inconnue : {', '.join(unknown)}.", code="invalid_choice")

    def formfield(self, **kwargs):
        from django import forms

        if self.vocabulary is None:
            return super().formfield(**kwargs)
        return forms.TypedMultipleChoiceField(
            choices=self.vocabulary.choices,
            required=not self.blank,
            label=self.verbose_name.capitalize(),
            widget=forms.CheckboxSelectMultiple,
        )

    def frame(self, code):
        """The stored form of one code, for a `contains` lookup."""
        return f",{code},"
