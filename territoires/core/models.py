"""Tables of the common layer: the counters of rate-limited actions; the base of models
whose text is stored without surrounding spaces."""

from django.db import models


class Throttle(models.Model):
    """One counted request of a rate-limited action (`core.ratelimit`).

    `key` is a keyed digest of the action and what is counted (an address, an IP), so
    that the table keeps no email address of anybody who asked; a row is forgotten once
    `expires_at` has passed."""

    key = models.CharField(max_length=64)
    expires_at = models.DateTimeField()

    class Meta:
        verbose_name = "demande limitée"
        verbose_name_plural = "demandes limitées"
        indexes = [
            models.Index(fields=["key", "expires_at"], name="throttle_key_expires"),
            models.Index(fields=["expires_at"], name="throttle_expires"),
        ]

    def __str__(self):
        return f"{self.key[:12]}… jusqu'au {self.expires_at:%d/%m/%Y %H:%M}"


class StripsText(models.Model):
    """Text columns are validated and stored without surrounding white space, as the
    forms send them: a title of spaces is an empty title, refused like one, whether it
    comes from a form, the API, the admin or an importer (model `full_clean`)."""

    class Meta:
        abstract = True

    def clean_fields(self, exclude=None):
        for field in self._meta.concrete_fields:
            if isinstance(field, models.CharField | models.TextField):
                value = getattr(self, field.attname)
                if isinstance(value, str):
                    setattr(self, field.attname, value.strip())
        super().clean_fields(exclude)
