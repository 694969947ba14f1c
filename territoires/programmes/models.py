"""A programme of territorial contracts: its axes, territory stages and targets.

Territoires d'industrie is the first one; another programme of the same shape is data,
not code.
"""

from django.db import models


class Programme(models.Model):
    slug = models.SlugField("identifiant", unique=True)
    name = models.CharField("nom", max_length=200)
    description = models.TextField("description", blank=True)
    launched_on = models.DateField("lancé le", null=True, blank=True)
    is_active = models.BooleanField("actif", default=True)

    class Meta:
        verbose_name = "programme"
        ordering = ["name"]

    def __str__(self):
        return self.name


class Axis(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="axes")
    code = models.SlugField("code")
    name = models.CharField("nom", max_length=100)
    description = models.TextField("description", blank=True)
    position = models.PositiveSmallIntegerField("ordre", default=0)

    class Meta:
        verbose_name = "axe"
        ordering = ["programme", "position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "code"], name="axis_code_unique")
        ]

    def __str__(self):
        return self.name


class Stage(models.Model):
    """A step in a territory's life in the programme (gouvernance installée, plan validé...)."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="stages")
    code = models.SlugField("code")
    name = models.CharField("nom", max_length=100)
    description = models.TextField("description", blank=True)
    position = models.PositiveSmallIntegerField("ordre", default=0)

    class Meta:
        verbose_name = "étape"
        ordering = ["programme", "position"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "code"], name="stage_code_unique")
        ]

    def __str__(self):
        return self.name


class Target(models.Model):
    """A figure the programme commits to reach (e.g. 200 M€ engaged by the end of 2019)."""

    class Metric(models.TextChoices):
        TERRITORIES_AT_STAGE = "territories_at_stage", "Territoires ayant atteint l'étape"
        ACTION_SHEETS = "action_sheets", "Fiches action"
        ACTION_SHEETS_FUNDED = "action_sheets_funded", "Fiches action avec engagement financier"
        AMOUNT_COMMITTED = "amount_committed", "Montant engagé (€)"

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="targets")
    label = models.CharField("libellé", max_length=200)
    metric = models.CharField("indicateur", max_length=40, choices=Metric.choices)
    stage = models.ForeignKey(
        Stage,
        verbose_name="étape",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        help_text="Pour l'indicateur « territoires ayant atteint l'étape ».",
    )
    value = models.DecimalField("valeur cible", max_digits=16, decimal_places=2)
    due_on = models.DateField("échéance")

    class Meta:
        verbose_name = "objectif"
        ordering = ["programme", "due_on", "label"]

    def __str__(self):
        return self.label
