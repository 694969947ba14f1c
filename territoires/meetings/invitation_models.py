"""A person invited to a meeting by email (issue 6 §4): one row per address and meeting,
which is what makes an invitation "never twice to the same person" (decision 0023)."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class InvitationAnswer(models.TextChoices):
    PENDING = "pending", "Sans réponse"
    ACCEPTED = "accepted", "Vient"
    DECLINED = "declined", "Ne vient pas"


class Invitation(models.Model):
    """An invitation to a meeting: sent once (`sent_at`, claimed by the task before it
    sends), reminded once at most (`reminder_sent_at`), answered yes or no through the
    personal link (a signed token naming this row); "yes" registers the person through
    the registrations' service (seat or waiting list)."""

    meeting = models.ForeignKey(
        "meetings.Meeting", on_delete=models.CASCADE, related_name="invitations"
    )
    person = models.ForeignKey(
        "organisations.Person",
        verbose_name="personne de l'annuaire",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meeting_invitations",
    )
    first_name = models.CharField("prénom", max_length=100, blank=True)
    last_name = models.CharField("nom", max_length=100, blank=True)
    email = models.EmailField("courriel", blank=True)
    organisation_name = models.CharField("organisation", max_length=200, blank=True)
    answer = models.CharField(
        "réponse",
        max_length=10,
        choices=InvitationAnswer.choices,
        default=InvitationAnswer.PENDING,
        editable=False,
    )
    answered_at = models.DateTimeField("répondu le", null=True, blank=True, editable=False)
    registration = models.ForeignKey(
        "meetings.Registration",
        verbose_name="inscription",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="invitations",
    )
    invited_at = models.DateTimeField("invité le", default=timezone.now, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    sent_at = models.DateTimeField("envoyée le", null=True, blank=True, editable=False)
    reminder_sent_at = models.DateTimeField("relancée le", null=True, blank=True, editable=False)

    class Meta:
        verbose_name = "invitation"
        ordering = ["meeting", "last_name", "first_name", "id"]
        constraints = [
            # One invitation per address and meeting: never twice to the same person.
            models.UniqueConstraint(
                fields=["meeting", "email"],
                condition=~models.Q(email=""),
                name="invitation_one_per_email",
            )
        ]

    def __str__(self):
        return f"{self.first_name} {self.last_name}".strip() or "Invitation"
