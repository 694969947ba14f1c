"""Organisations, people and the governance of each territory."""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from stdnum.fr import siren as siren_number
from stdnum.fr import siret as siret_number


def validate_siren(value):
    if value and not siren_number.is_valid(value):
        raise ValidationError(
            "SIREN invalide : 9 chiffres attendus, avec une clé de contrôle correcte."
        )


def validate_siret(value):
    if value and not siret_number.is_valid(value):
        raise ValidationError(
            "SIRET invalide : 14 chiffres attendus, avec une clé de contrôle correcte."
        )


NAF_PATTERN = re.compile(r"\d{2}\.\d{2}[A-Z]")


def validate_naf(value):
    """A NAF rév. 2 code as INSEE writes it: "25.62B"."""
    if value and not NAF_PATTERN.fullmatch(value):
        raise ValidationError(
            "Code NAF invalide : 2 chiffres, un point, 2 chiffres et une lettre (ex. 25.62B)."
        )


class SizeBand(models.TextChoices):
    """The company's size band (tranche d'effectif), as INSEE groups them."""

    MICRO = "micro", "Moins de 10 salariés"
    SMALL = "small", "10 à 49 salariés"
    MEDIUM = "medium", "50 à 249 salariés"
    INTERMEDIATE = "intermediate", "250 à 4 999 salariés"
    LARGE = "large", "5 000 salariés et plus"


class Organisation(models.Model):
    class Kind(models.TextChoices):
        LOCAL_AUTHORITY = "local_authority", "EPCI / collectivité"
        REGION = "region", "Région"
        STATE = "state", "État / préfecture"
        NATIONAL_OPERATOR = "national_operator", "Opérateur national"
        DEPARTMENT = "department", "Département"
        EUROPEAN_UNION = "european_union", "Union européenne"
        PUBLIC_BODY = "public_body", "Établissement public"
        COMPANY = "company", "Entreprise"
        CLUSTER = "cluster", "Cluster / association"
        CHAMBER = "chamber", "Chambre consulaire"
        OTHER = "other", "Autre"

    name = models.CharField("nom", max_length=200)
    kind = models.CharField("type", max_length=20, choices=Kind.choices)
    siren = models.CharField(
        "SIREN", max_length=9, blank=True, validators=[validate_siren], db_index=True
    )
    siret = models.CharField("SIRET", max_length=14, blank=True, validators=[validate_siret])
    epci = models.ForeignKey(
        "referential.Epci",
        verbose_name="EPCI correspondant",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    region = models.ForeignKey(
        "referential.Region",
        verbose_name="région",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    naf_code = models.CharField(
        "code NAF", max_length=6, blank=True, validators=[validate_naf], help_text="Ex. 25.62B."
    )
    size_band = models.CharField(
        "tranche d'effectif", max_length=12, choices=SizeBand.choices, blank=True
    )
    commune = models.ForeignKey(
        "referential.Commune",
        verbose_name="commune (code INSEE)",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    address = models.CharField("adresse", max_length=300, blank=True)
    postcode = models.CharField("code postal", max_length=10, blank=True)
    city = models.CharField("commune", max_length=100, blank=True)
    website = models.URLField("site web", blank=True)
    email = models.EmailField("courriel", blank=True)
    phone = models.CharField("téléphone", max_length=30, blank=True)
    is_example = models.BooleanField("contenu d'exemple", default=False)

    class Meta:
        verbose_name = "organisation"
        ordering = ["name"]

    def clean(self):
        super().clean()
        if self.siret and self.siren and not self.siret.startswith(self.siren):
            raise ValidationError({"siret": "Le SIRET doit commencer par le SIREN."})

    def save(self, *args, **kwargs):
        if self.siret and not self.siren:
            self.siren = self.siret[:9]
        super().save(*args, **kwargs)

    def __str__(self):
        return self.name


class Person(models.Model):
    first_name = models.CharField("prénom", max_length=100, blank=True)
    last_name = models.CharField("nom", max_length=100, blank=True)
    job_title = models.CharField("fonction", max_length=200, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name="organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="people",
    )
    email = models.EmailField("courriel", blank=True)
    phone = models.CharField("téléphone", max_length=30, blank=True)
    # The account of this person, if any. An account may be the person of several
    # directories (each territory keeps its own people): at most one per territory,
    # which the services hold (`organisations.services`, "People and accounts").
    user = models.ForeignKey(
        "accounts.User",
        verbose_name="compte",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="people",
    )
    is_example = models.BooleanField("contenu d'exemple", default=False)

    class Meta:
        verbose_name = "personne"
        ordering = ["last_name", "first_name"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(first_name="", last_name=""), name="person_has_a_name"
            )
        ]

    @property
    def full_name(self):
        return " ".join(part for part in (self.first_name, self.last_name) if part)

    def __str__(self):
        return self.full_name


class GovernanceRole(models.Model):
    """A person's seat in a territory's governance."""

    class Role(models.TextChoices):
        ELECTED_PILOT = "elected_pilot", "Binôme – élu"
        INDUSTRIAL_PILOT = "industrial_pilot", "Binôme – industriel"
        PROJECT_MANAGER = "project_manager", "Chef de projet"
        PROJECT_COMMITTEE = "project_committee", "Membre du comité de projet"
        MONITORING_COMMITTEE = "monitoring_committee", "Membre du comité de suivi"
        OTHER = "other", "Contact"

    territory = models.ForeignKey(
        "referential.Territory", on_delete=models.CASCADE, related_name="governance"
    )
    person = models.ForeignKey(
        Person, verbose_name="personne", on_delete=models.CASCADE, related_name="governance_roles"
    )
    role = models.CharField("rôle", max_length=30, choices=Role.choices)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name="au titre de",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    note = models.CharField("précision", max_length=300, blank=True)
    since = models.DateField("depuis", null=True, blank=True)
    until = models.DateField("jusqu'au", null=True, blank=True)

    class Meta:
        verbose_name = "rôle de gouvernance"
        verbose_name_plural = "rôles de gouvernance"
        ordering = ["territory", "role", "person__last_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["territory", "person", "role"], name="governance_role_unique"
            )
        ]

    def __str__(self):
        return f"{self.person} – {self.get_role_display()}"

    def has_ended(self, today=None):
        """`until` is the day the role ended: an empty or future one has not ended yet
        (the same rule as `services.active_roles()` in a query)."""
        return self.until is not None and self.until <= (today or timezone.localdate())


class Partnership(models.Model):
    """An organisation that takes part in a territory's approach."""

    territory = models.ForeignKey(
        "referential.Territory", on_delete=models.CASCADE, related_name="partnerships"
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name="organisation", on_delete=models.CASCADE
    )
    description = models.CharField("rôle dans la démarche", max_length=300, blank=True)

    class Meta:
        verbose_name = "partenaire"
        ordering = ["organisation__name"]
        constraints = [
            models.UniqueConstraint(fields=["territory", "organisation"], name="partner_unique")
        ]

    def __str__(self):
        return str(self.organisation)
