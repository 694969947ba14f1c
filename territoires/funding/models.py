"""Funding: the catalogue of schemes (dispositifs) and who finances them.

A scheme comes from a catalogue (Aides-territoires) or is entered by the national team;
it keeps the address it was read from (`source_url`) and is shown with it everywhere.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import number_format

from territoires.core.transitions import RecordedTransition

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

    def for_place(self, codes):
        """Schemes that apply there: national ones and those naming one of `codes`
        (place codes, "r44", "d52")."""
        condition = Q(places="")
        for code in codes:
            condition |= Q(places__contains=f",{code},")
        return self.filter(condition)

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
    places = CodeListField(
        "lieux",
        help_text=(
            "Régions (r44) et départements (d52) où le dispositif s'applique ; vide : "
            "national ou non précisé (funding.places)."
        ),
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


# The financing plan of a fiche -----------------------------------------------------------


class LineStatus(models.TextChoices):
    CONSIDERED = "considered", "Envisagé"
    REQUESTED = "requested", "Sollicité"
    GRANTED = "granted", "Accordé"
    PAID = "paid", "Versé"
    REFUSED = "refused", "Refusé"


# Money a financer has decided to give: "engagé" in the programme's figures.
COMMITTED_STATUSES = (LineStatus.GRANTED, LineStatus.PAID)
# Money asked for or hoped for, not decided yet.
PENDING_STATUSES = (LineStatus.CONSIDERED, LineStatus.REQUESTED)


class Nature(models.TextChoices):
    INVESTMENT = "investment", "Investissement"
    OPERATING = "operating", "Fonctionnement"


def validate_amount(value):
    if value is not None and value < 0:
        raise ValidationError("Un montant ne peut pas être négatif.")


class FundingPlan(models.Model):
    """What a fiche's porteur puts in itself (autofinancement); one per fiche, created
    with its first change. The lines are `FundingLine`s."""

    sheet = models.OneToOneField(
        "plans.ActionSheet",
        verbose_name="fiche",
        on_delete=models.CASCADE,
        related_name="funding_plan",
    )
    self_funding = models.DecimalField(
        "autofinancement (€)",
        max_digits=14,
        decimal_places=2,
        default=0,
        validators=[validate_amount],
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField("modifié le", default=timezone.now, editable=False)

    class Meta:
        verbose_name = "plan de financement"
        verbose_name_plural = "plans de financement"
        ordering = ["sheet"]

    def __str__(self):
        return f"Plan de financement {self.sheet}"

    def stale_edit_message(self):
        return (
            "Le plan de financement a été modifié entre-temps : vérifiez-le avant de "
            "reprendre votre modification."
        )


class FundingLine(models.Model):
    """One line of a fiche's financing plan: who pays how much, through which scheme,
    and where the request stands (envisagé → sollicité → accordé → versé, or refusé)."""

    sheet = models.ForeignKey(
        "plans.ActionSheet",
        verbose_name="fiche",
        on_delete=models.CASCADE,
        related_name="funding_lines",
    )
    financer = models.ForeignKey(
        "organisations.Organisation",
        verbose_name="financeur",
        on_delete=models.PROTECT,
        related_name="funding_lines",
    )
    scheme = models.ForeignKey(
        Scheme,
        verbose_name="dispositif",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="funding_lines",
    )
    amount = models.DecimalField(
        "montant (€)", max_digits=14, decimal_places=2, validators=[validate_amount]
    )
    nature = models.CharField(
        "nature", max_length=12, choices=Nature.choices, default=Nature.INVESTMENT
    )
    status = models.CharField(
        "statut",
        max_length=12,
        choices=LineStatus.choices,
        default=LineStatus.CONSIDERED,
        editable=False,
    )
    requested_on = models.DateField("sollicité le", null=True, blank=True)
    decided_on = models.DateField("décision le", null=True, blank=True)
    paid_on = models.DateField("versé le", null=True, blank=True)
    decision_reference = models.CharField("référence de la décision", max_length=200, blank=True)
    note = models.TextField("note", blank=True)
    is_example = models.BooleanField(
        "contenu d'exemple",
        default=False,
        help_text="Ligne inventée pour la démonstration, signalée comme telle.",
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField("créée le", default=timezone.now, editable=False)
    updated_at = models.DateTimeField("modifiée le", default=timezone.now, editable=False)

    class Meta:
        verbose_name = "ligne de financement"
        verbose_name_plural = "lignes de financement"
        ordering = ["sheet", "created_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="funding_line_amount_positive")
        ]
        indexes = [models.Index(fields=["financer", "status"])]

    def __str__(self):
        # Written the French way (audit labels, history, Mon espace): "Région – 40 000 €".
        amount = self.amount
        places = 0 if amount is not None and amount == int(amount) else 2
        written = number_format(amount, decimal_pos=places, force_grouping=True)
        return f"{self.financer} – {written} €"

    def clean(self):
        super().clean()
        if self.requested_on and self.decided_on and self.decided_on < self.requested_on:
            raise ValidationError(
                {"decided_on": "La date de décision précède la date de la demande."}
            )
        if self.decided_on and self.paid_on and self.paid_on < self.decided_on:
            raise ValidationError({"paid_on": "La date de versement précède la décision."})

    def stale_edit_message(self):
        return (
            f"La ligne « {self.financer} » a été modifiée entre-temps (version "
            f"{self.version}) : vérifiez-la avant de reprendre votre modification."
        )

    @property
    def is_committed(self):
        return self.status in COMMITTED_STATUSES


class FundingTransition(RecordedTransition):
    """A recorded move of a funding line's status: who, when, why."""

    line = models.ForeignKey(FundingLine, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField("de", max_length=12, choices=LineStatus.choices)
    to_status = models.CharField("vers", max_length=12, choices=LineStatus.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "changement de statut d'une ligne"
        ordering = ["line", "at", "id"]
        # A line's status at a date (funding/asof.py): its last move at or before it.
        indexes = [models.Index(fields=["line", "at"], name="funding_transition_line_at")]

    def __str__(self):
        return f"{self.get_from_status_display()} → {self.get_to_status_display()}"


class DismissedSuggestion(models.Model):
    """A scheme set aside for a fiche: it is no longer suggested there."""

    sheet = models.ForeignKey(
        "plans.ActionSheet", on_delete=models.CASCADE, related_name="dismissed_suggestions"
    )
    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="+")
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField("le", default=timezone.now)

    class Meta:
        verbose_name = "suggestion écartée"
        verbose_name_plural = "suggestions écartées"
        ordering = ["sheet", "at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["sheet", "scheme"], name="dismissed_suggestion_unique")
        ]

    def __str__(self):
        return f"{self.scheme} écarté pour {self.sheet}"


class AlertFrequency(models.TextChoices):
    DAILY = "daily", "Chaque jour"
    WEEKLY = "weekly", "Chaque semaine"


class SchemeAlert(models.Model):
    """A saved search of the catalogue: its owner is emailed the new matching schemes."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="scheme_alerts"
    )
    name = models.CharField("nom", max_length=200)
    q = models.CharField("mots", max_length=200, blank=True)
    axis = models.CharField("axe", max_length=50, blank=True)
    beneficiary = models.CharField(
        "bénéficiaire", max_length=30, choices=Beneficiary.choices, blank=True
    )
    region = models.CharField("région", max_length=3, blank=True)
    frequency = models.CharField(
        "fréquence", max_length=10, choices=AlertFrequency.choices, default=AlertFrequency.WEEKLY
    )
    created_at = models.DateTimeField("créée le", default=timezone.now, editable=False)
    last_sent_at = models.DateTimeField("dernier envoi", null=True, blank=True, editable=False)

    class Meta:
        verbose_name = "alerte sur les dispositifs"
        verbose_name_plural = "alertes sur les dispositifs"
        ordering = ["user", "name", "id"]

    def __str__(self):
        return self.name

    def filters(self):
        return {
            "q": self.q,
            "axis": self.axis,
            "beneficiary": self.beneficiary,
            "region": self.region,
        }
