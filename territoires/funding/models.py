"""Funding: the catalogue of schemes (dispositifs) and who finances them.

A scheme comes from a catalogue (Aides-territoires) or is entered by the national team;
it keeps the address it was read from (`source_url`) and is shown with it everywhere.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone

from .fields import CodeListField


class AidType(models.TextChoices):
    GRANT = "grant", "Subvention"
    LOAN = "loan", "Prêt"
    RECOVERABLE_ADVANCE = "recoverable_advance", "Avance remboursable"
    GUARANTEE = "guarantee", "Garantie"
    EQUITY = "equity", "Fonds propres"
    ENERGY_CERTIFICATE = "energy_certificate", "Certificat d'économie d'énergie (CEE)"
    OTHER_FINANCIAL = "other_financial", "Autre aide financière"
    TECHNICAL_ENGINEERING = "technical_engineering", "Ingénierie technique"
    FINANCIAL_ENGINEERING = "financial_engineering", "Ingénierie financière"
    LEGAL_ENGINEERING = "legal_engineering", "Ingénierie juridique / administrative"


class Beneficiary(models.TextChoices):
    COMMUNE = "commune", "Communes"
    EPCI = "epci", "Intercommunalités / Pays"
    DEPARTMENT = "department", "Départements"
    REGION = "region", "Régions"
    OVERSEAS = "overseas", "Collectivités d'outre-mer à statuts particuliers"
    PUBLIC_BODY = "public_body", "Établissements publics / services de l'État"
    LOCAL_PUBLIC_COMPANY = "local_public_company", "Entreprises publiques locales (Sem, Spl)"
    COMPANY = "company", "Entreprises privées"
    ASSOCIATION = "association", "Associations"
    INDIVIDUAL = "individual", "Particuliers"
    FARMER = "farmer", "Agriculteurs"
    RESEARCH = "research", "Recherche"


class Recurrence(models.TextChoices):
    ONE_OFF = "one_off", "Ponctuelle"
    ONGOING = "ongoing", "Permanente"
    RECURRING = "recurring", "Récurrente"


class SchemeQuerySet(models.QuerySet):
    def open(self, today=None):
        """Open: published, and its deadline is ahead, or it has none, or it is permanent."""
        today = today or timezone.localdate()
        return self.filter(is_published=True).filter(
            Q(deadline__isnull=True) | Q(deadline__gte=today) | Q(recurrence=Recurrence.ONGOING)
        )

    def for_beneficiary(self, code):
        return self.filter(beneficiaries__contains=f",{code},")

    def of_aid_type(self, code):
        return self.filter(aid_types__contains=f",{code},")


class Scheme(models.Model):
    """A dispositif: a funding or support scheme, with who pays and who instructs it."""

    name = models.CharField("nom", max_length=400)
    short_title = models.CharField("titre court", max_length=200, blank=True)
    financers = models.ManyToManyField(
        "organisations.Organisation",
        verbose_name="financeurs",
        blank=True,
        related_name="financed_schemes",
    )
    instructors = models.ManyToManyField(
        "organisations.Organisation",
        verbose_name="instructeurs",
        blank=True,
        related_name="instructed_schemes",
    )
    description = models.TextField("description", blank=True)
    eligibility = models.TextField("conditions d'éligibilité", blank=True)
    aid_types = CodeListField("types d'aide", vocabulary=AidType)
    axes = models.ManyToManyField(
        "programmes.Axis", verbose_name="axes servis", blank=True, related_name="schemes"
    )
    beneficiaries = CodeListField("bénéficiaires éligibles", vocabulary=Beneficiary)
    perimeter = models.CharField(
        "périmètre",
        max_length=200,
        blank=True,
        help_text="Le périmètre tel que la source le nomme (France, Grand Est, Morbihan…).",
    )
    regions = models.ManyToManyField(
        "referential.Region", verbose_name="régions", blank=True, related_name="schemes"
    )
    departments = models.ManyToManyField(
        "referential.Department", verbose_name="départements", blank=True, related_name="schemes"
    )
    territories = models.ManyToManyField(
        "referential.Territory", verbose_name="territoires", blank=True, related_name="schemes"
    )
    start_date = models.DateField("date d'ouverture", null=True, blank=True)
    deadline = models.DateField("date de clôture", null=True, blank=True)
    recurrence = models.CharField(
        "récurrence", max_length=12, choices=Recurrence.choices, blank=True
    )
    is_call_for_projects = models.BooleanField("appel à projets / manifestation", default=False)
    rate_min = models.DecimalField(
        "taux minimum (%)", max_digits=5, decimal_places=2, null=True, blank=True
    )
    rate_max = models.DecimalField(
        "taux maximum (%)", max_digits=5, decimal_places=2, null=True, blank=True
    )
    amount_min = models.DecimalField(
        "montant minimum (€)", max_digits=14, decimal_places=2, null=True, blank=True
    )
    amount_max = models.DecimalField(
        "montant maximum (€)", max_digits=14, decimal_places=2, null=True, blank=True
    )
    source_url = models.URLField(
        "adresse de la source",
        max_length=500,
        blank=True,
        help_text="La fiche du dispositif là où il a été lu.",
    )
    application_url = models.URLField("adresse de candidature", max_length=500, blank=True)
    source_id = models.CharField(
        "identifiant à la source",
        max_length=100,
        blank=True,
        help_text="Identifiant Aides-territoires.",
    )
    is_published = models.BooleanField("publié", default=True)
    created_at = models.DateTimeField("créé le", default=timezone.now, editable=False)
    updated_at = models.DateTimeField("modifié le", default=timezone.now, editable=False)

    objects = SchemeQuerySet.as_manager()

    class Meta:
        verbose_name = "dispositif"
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["source_id"], condition=~Q(source_id=""), name="scheme_source_id_unique"
            ),
            models.UniqueConstraint(
                fields=["source_url"], condition=~Q(source_url=""), name="scheme_source_url_unique"
            ),
            models.CheckConstraint(
                condition=Q(deadline__isnull=True)
                | Q(start_date__isnull=True)
                | Q(deadline__gte=models.F("start_date")),
                name="scheme_deadline_after_start",
            ),
        ]

    def clean(self):
        super().clean()
        errors = {}
        if self.start_date and self.deadline and self.deadline < self.start_date:
            errors["deadline"] = "La date de clôture précède la date d'ouverture."
        for low, high, label in (
            ("rate_min", "rate_max", "taux"),
            ("amount_min", "amount_max", "montant"),
        ):
            low_value, high_value = getattr(self, low), getattr(self, high)
            for name, value in ((low, low_value), (high, high_value)):
                if value is not None and value < 0:
                    errors[name] = f"Un {label} ne peut pas être négatif."
            if low_value is not None and high_value is not None and high_value < low_value:
                errors.setdefault(high, f"Le {label} maximum est inférieur au {label} minimum.")
        for name in ("rate_min", "rate_max"):
            value = getattr(self, name)
            if value is not None and value > 100:
                errors.setdefault(name, "Un taux ne peut pas dépasser 100 %.")
        if errors:
            raise ValidationError(errors)

    def __str__(self):
        return self.name

    def is_open(self, today=None):
        """The same rule as `SchemeQuerySet.open`, on one loaded scheme."""
        today = today or timezone.localdate()
        return self.is_published and (
            self.deadline is None or self.deadline >= today or self.recurrence == Recurrence.ONGOING
        )

    def get_aid_types_display(self):
        return [AidType(code).label for code in self.aid_types if code in AidType.values]

    def get_beneficiaries_display(self):
        return [
            Beneficiary(code).label for code in self.beneficiaries if code in Beneficiary.values
        ]
