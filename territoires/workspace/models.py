"""What a signed-in person keeps in their workspace: the fiches they follow, the
notifications derived from the audit log, and how often they want them by email."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class Follow(models.Model):
    """A user follows a fiche: its status moves and feedback reach their notifications."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows"
    )
    sheet = models.ForeignKey(
        "plans.ActionSheet",
        verbose_name="fiche",
        on_delete=models.CASCADE,
        related_name="follows",
    )
    created_at = models.DateTimeField("suivie depuis le", default=timezone.now)

    class Meta:
        verbose_name = "fiche suivie"
        verbose_name_plural = "fiches suivies"
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["user", "sheet"], name="follow_unique")]

    def __str__(self):
        return f"{self.user} suit {self.sheet_id}"


class NotificationKind(models.TextChoices):
    STATUS_CHANGED = "status_changed", "Changement de statut"
    SENT_BACK = "sent_back", "Renvoyée pour être retravaillée"
    FEEDBACK = "feedback", "Avis d'une entreprise"


class Notification(models.Model):
    """One audit event that `recipient` is told about (a fiche they pilot or follow).
    Its French text is read from the event when shown (`workspace.notifications`)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    event = models.ForeignKey(
        "audit.AuditEvent", on_delete=models.CASCADE, related_name="+", verbose_name="événement"
    )
    sheet = models.ForeignKey(
        "plans.ActionSheet", verbose_name="fiche", on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField("type", max_length=20, choices=NotificationKind.choices)
    created_at = models.DateTimeField("le", default=timezone.now)
    read_at = models.DateTimeField("lue le", null=True, blank=True)
    # Claimed by the digest that emails it (sent once, even if the task runs again).
    emailed_at = models.DateTimeField("envoyée par courriel le", null=True, blank=True)

    class Meta:
        verbose_name = "notification"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "event"], name="notification_unique")
        ]
        indexes = [
            models.Index(fields=["recipient", "created_at"], name="notification_inbox"),
            models.Index(
                fields=["recipient"],
                condition=models.Q(emailed_at__isnull=True),
                name="notification_to_email",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} → {self.recipient}"


class DigestFrequency(models.TextChoices):
    IMMEDIATE = "immediate", "Immédiatement, à chaque notification"
    DAILY = "daily", "Un résumé par jour"
    WEEKLY = "weekly", "Un résumé par semaine"
    NONE = "none", "Jamais (dans Mon espace seulement)"


# A person who never chose gets one summary a day.
DEFAULT_FREQUENCY = DigestFrequency.DAILY


class NotificationSettings(models.Model):
    """How often a user receives their notifications by email (none stored: the default)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_settings"
    )
    frequency = models.CharField(
        "recevoir les notifications par courriel",
        max_length=12,
        choices=DigestFrequency.choices,
        default=DEFAULT_FREQUENCY,
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField("modifié le", default=timezone.now, editable=False)
    last_digest_at = models.DateTimeField("dernier résumé le", null=True, blank=True)

    class Meta:
        verbose_name = "réglage des notifications"
        verbose_name_plural = "réglages des notifications"
        ordering = ["user"]

    def __str__(self):
        return f"{self.user} : {self.get_frequency_display()}"

    def stale_edit_message(self):
        return "Vos réglages ont été modifiés entre-temps : vérifiez-les avant de recommencer."
