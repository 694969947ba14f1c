"""The one audit log: every write of the platform leaves an AuditEvent."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class AuditEvent(models.Model):
    """Who did what, to which object, when, with the raw values before and after.

    `changes` is a list of {"field", "kind", "old", "new"} with raw values (decimals as
    strings "1234.50", dates ISO, a related row as {"id", "label"} with its label at the
    time); `data` holds other facts of the event. French text is produced when the event
    is read (`territoires.audit.render`), so wording can change later.
    """

    at = models.DateTimeField("le", default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="auteur",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    verb = models.CharField("action", max_length=60)
    object_type = models.CharField("type d'objet", max_length=100)
    object_id = models.PositiveBigIntegerField("identifiant de l'objet")
    object_label = models.CharField("objet", max_length=300, blank=True)
    territory = models.ForeignKey(
        "referential.Territory",
        verbose_name="territoire",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    version = models.PositiveIntegerField("version", null=True, blank=True)
    changes = models.JSONField("changements", default=list, blank=True)
    data = models.JSONField("données", default=dict, blank=True)
    comment = models.TextField("commentaire", blank=True)

    class Meta:
        verbose_name = "événement du journal"
        verbose_name_plural = "journal des modifications"
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["object_type", "object_id", "at"], name="audit_object_at"),
            models.Index(fields=["territory", "at"], name="audit_territory_at"),
        ]

    def __str__(self):
        return f"{self.verb} {self.object_label or self.object_id}"
