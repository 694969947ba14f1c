"""Tables of the common layer: the counters of rate-limited actions."""

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
