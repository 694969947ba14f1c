"""The official geography and the labelled territories built on it."""

from pathlib import Path

from django.db import models
from django.utils import timezone


class Region(models.Model):
    code = models.CharField("code INSEE", max_length=3, unique=True)
    name = models.CharField("nom", max_length=100)

    class Meta:
        verbose_name = "région"
        ordering = ["name"]

    def __str__(self):
        return self.name


class Department(models.Model):
    code = models.CharField("code INSEE", max_length=3, unique=True)
    name = models.CharField("nom", max_length=100)
    region = models.ForeignKey(
        Region, verbose_name="région", on_delete=models.PROTECT, related_name="departments"
    )

    class Meta:
        verbose_name = "département"
        ordering = ["code"]

    def __str__(self):
        return f"{self.name} ({self.code})"


class Epci(models.Model):
    class Kind(models.TextChoices):
        CA = "CA", "Communauté d'agglomération"
        CC = "CC", "Communauté de communes"
        CU = "CU", "Communauté urbaine"
        METRO = "METRO", "Métropole"
        MET69 = "MET69", "Métropole de Lyon"
        EPT = "EPT", "Établissement public territorial"

    siren = models.CharField("SIREN", max_length=9, unique=True)
    name = models.CharField("nom", max_length=200)
    kind = models.CharField("type", max_length=5, choices=Kind.choices)

    class Meta:
        verbose_name = "EPCI"
        verbose_name_plural = "EPCI"
        ordering = ["name"]

    def __str__(self):
        return self.name


class Commune(models.Model):
    code_insee = models.CharField("code INSEE", max_length=5, unique=True)
    name = models.CharField("nom", max_length=200)
    department = models.ForeignKey(
        Department, verbose_name="département", on_delete=models.PROTECT, related_name="communes"
    )
    epci = models.ForeignKey(
        Epci,
        verbose_name="EPCI",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="communes",
    )
    population = models.PositiveIntegerField("population", null=True, blank=True)
    former_codes = models.JSONField(
        "anciens codes INSEE",
        default=list,
        blank=True,
        help_text="Codes des communes fusionnées dans celle-ci (communes nouvelles).",
    )

    class Meta:
        verbose_name = "commune"
        ordering = ["code_insee"]

    def __str__(self):
        return f"{self.name} ({self.code_insee})"


class Territory(models.Model):
    """A territory labelled by a programme: a group of EPCI (code like 4403)."""

    programme = models.ForeignKey(
        "programmes.Programme",
        verbose_name="programme",
        on_delete=models.PROTECT,
        related_name="territories",
    )
    code = models.CharField("code", max_length=10)
    name = models.CharField("nom", max_length=200)
    region = models.ForeignKey(
        Region, verbose_name="région", on_delete=models.PROTECT, related_name="territories"
    )
    departments = models.ManyToManyField(
        Department, verbose_name="départements", blank=True, related_name="territories"
    )
    phase = models.CharField("phase", max_length=20, blank=True, help_text="Par exemple 2019.")
    labelled_on = models.DateField("labellisé le", null=True, blank=True)
    stage = models.ForeignKey(
        "programmes.Stage",
        verbose_name="étape",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="territories",
    )
    epcis = models.ManyToManyField(
        Epci, through="TerritoryEpci", verbose_name="EPCI membres", related_name="territories"
    )
    communes = models.ManyToManyField(
        Commune, verbose_name="communes", blank=True, related_name="territories"
    )
    description = models.TextField("présentation", blank=True)
    is_example = models.BooleanField(
        "contenu d'exemple",
        default=False,
        help_text="Territoire fictif ou complété pour la démonstration.",
    )
    # Fragile: the territory needs engineering support (ingénierie) to move on; set with
    # its reason by the Région, the State or the national team (services.set_fragility).
    is_fragile = models.BooleanField("fragile", default=False, editable=False)
    fragile_reason = models.TextField("raison de la fragilité", blank=True, editable=False)

    class Meta:
        verbose_name = "territoire"
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "code"], name="territory_code_unique")
        ]

    def __str__(self):
        return f"{self.code} {self.name}"


class TerritoryEpci(models.Model):
    territory = models.ForeignKey(Territory, on_delete=models.CASCADE, related_name="epci_links")
    epci = models.ForeignKey(Epci, on_delete=models.PROTECT, related_name="territory_links")
    communes_in_territory = models.PositiveIntegerField(
        "communes de l'EPCI dans le territoire", null=True, blank=True
    )
    communes_in_epci = models.PositiveIntegerField("communes de l'EPCI", null=True, blank=True)

    class Meta:
        verbose_name = "EPCI membre"
        verbose_name_plural = "EPCI membres"
        ordering = ["epci__name"]
        constraints = [
            models.UniqueConstraint(fields=["territory", "epci"], name="territory_epci_unique")
        ]

    @property
    def is_partial(self):
        return bool(
            self.communes_in_territory
            and self.communes_in_epci
            and self.communes_in_territory < self.communes_in_epci
        )

    def __str__(self):
        return f"{self.territory.code} – {self.epci}"


def stage_document_path(instance, filename):
    today = timezone.localdate()
    return f"territoires/{instance.territory_id}/etapes/{today:%Y%m}/{Path(filename).name}"


class StageChange(models.Model):
    """One recorded move of a territory from a programme stage to another: who, when, why."""

    territory = models.ForeignKey(Territory, on_delete=models.CASCADE, related_name="stage_changes")
    from_stage = models.ForeignKey(
        "programmes.Stage",
        verbose_name="de",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    to_stage = models.ForeignKey(
        "programmes.Stage", verbose_name="vers", on_delete=models.PROTECT, related_name="+"
    )
    by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField("le")
    reached_on = models.DateField(
        "date de l'étape",
        null=True,
        blank=True,
        help_text="Le jour où l'étape a été franchie (signature du protocole…).",
    )
    document = models.FileField(
        "document", upload_to=stage_document_path, blank=True, max_length=300
    )
    comment = models.TextField("commentaire", blank=True)

    class Meta:
        verbose_name = "changement d'étape"
        verbose_name_plural = "changements d'étape"
        ordering = ["at", "id"]
        # A territory's stage at a date (referential/asof.py): its last change at or before.
        indexes = [models.Index(fields=["territory", "at"], name="stage_change_territory_at")]

    def __str__(self):
        return f"{self.territory.code}: {self.from_stage or '—'} → {self.to_stage}"

    @property
    def step_date(self):
        """The day the step was reached: its recorded date, else the day it was recorded."""
        return self.reached_on or timezone.localdate(self.at)

    @property
    def document_name(self):
        return Path(self.document.name).name if self.document else ""
