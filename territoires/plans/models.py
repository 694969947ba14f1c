"""Action plans: fiches action, their steps, indicators, documents, links, and the
recorded moves of their workflow. Their history is in the audit log (territoires.audit)."""

import datetime
from pathlib import Path

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models, transaction
from django.db.models.functions import Upper
from django.utils import timezone

from territoires.core.indexes import PortableGinIndex
from territoires.core.models import StripsText
from territoires.core.text import natural_key
from territoires.core.transitions import RecordedTransition
from territoires.permissions.visibility import Visibility

from . import search
from .codes import validate_sheet_code

SORT_KEY_LENGTH = 80
# The longest text of a fiche's free-text fields (context, objectives…): the form, the API
# and the admin take no more (the model's validator, the fields' max_length).
LONG_TEXT = 20_000


def long_text(label, **kwargs):
    return models.TextField(
        label, max_length=LONG_TEXT, validators=[MaxLengthValidator(LONG_TEXT)], **kwargs
    )


class Status(models.TextChoices):
    DRAFT = "draft", "Brouillon"
    PROPOSED = "proposed", "Proposée"
    PRESENTED = "presented", "Présentée"
    VALIDATED = "validated", "Validée"
    COMMITTED = "committed", "Engagée"
    IN_PROGRESS = "in_progress", "En cours"
    DONE = "done", "Réalisée"
    PAUSED = "paused", "En pause"
    ABANDONED = "abandoned", "Abandonnée"


class Priority(models.TextChoices):
    HIGH = "high", "Haute"
    MEDIUM = "medium", "Moyenne"
    LOW = "low", "Basse"


class Tag(models.Model):
    name = models.CharField("nom", max_length=60, unique=True)

    class Meta:
        verbose_name = "mot-clé"
        verbose_name_plural = "mots-clés"
        ordering = ["name"]

    def __str__(self):
        return self.name


class ActionSheetQuerySet(models.QuerySet):
    def alive(self):
        return self.filter(deleted_at__isnull=True)

    def deleted(self):
        return self.filter(deleted_at__isnull=False)

    def bulk_create(self, objs, *args, **kwargs):
        """QuerySet.bulk_create, with the sort key and the search columns that save()
        computes (imports, generate_scale and test worlds write fiches in bulk); SQLite's
        full-text rows in the same transaction."""
        objs = list(objs)
        for sheet in objs:
            sheet.code = sheet.code.strip()
            sheet.sort_key = natural_key(sheet.code)[:SORT_KEY_LENGTH]
            search.index_sheet(sheet)
        try:
            with transaction.atomic(using=self.db, savepoint=False):
                created = super().bulk_create(objs, *args, **kwargs)
                search.index_written(created)
        finally:
            for sheet in objs:
                sheet.search_vector = None
        return created


class ActionSheet(StripsText):
    """A fiche action: one action of a territory's plan, coded like F2.1."""

    territory = models.ForeignKey(
        "referential.Territory",
        verbose_name="territoire",
        on_delete=models.PROTECT,
        related_name="action_sheets",
    )
    code = models.CharField(
        "code",
        max_length=20,
        validators=[validate_sheet_code],
        help_text="Par exemple F2.1 : lettres sans accent, chiffres, « . », « - » ou « _ ».",
    )
    sort_key = models.CharField(max_length=SORT_KEY_LENGTH, editable=False, db_index=True)
    title = models.CharField("titre", max_length=300)
    axis = models.ForeignKey(
        "programmes.Axis", verbose_name="axe", on_delete=models.PROTECT, related_name="+"
    )
    context = long_text("contexte", blank=True)
    objectives = long_text("objectifs", blank=True)
    lead_organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name="porteur",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="led_action_sheets",
    )
    pilots = models.ManyToManyField(
        "organisations.Person", verbose_name="pilotes", blank=True, related_name="piloted_sheets"
    )
    presenter = models.ForeignKey(
        "organisations.Person",
        verbose_name="présentateur",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="presented_sheets",
    )
    partners = models.ManyToManyField(
        "organisations.Organisation",
        verbose_name="partenaires",
        blank=True,
        related_name="partner_sheets",
    )
    beneficiaries = long_text("bénéficiaires visés", blank=True)
    expected_results = long_text("résultats attendus", blank=True)
    start_date = models.DateField("date de début", null=True, blank=True)
    end_date = models.DateField("date de fin", null=True, blank=True)
    budget_total = models.DecimalField(
        "budget total (€)", max_digits=14, decimal_places=2, null=True, blank=True
    )
    budget_investment = models.DecimalField(
        "dont investissement (€)", max_digits=14, decimal_places=2, null=True, blank=True
    )
    budget_operating = models.DecimalField(
        "dont fonctionnement (€)", max_digits=14, decimal_places=2, null=True, blank=True
    )
    priority = models.CharField("priorité", max_length=10, choices=Priority.choices, blank=True)
    tags = models.ManyToManyField(Tag, verbose_name="mots-clés", blank=True)
    related_sheets = models.ManyToManyField(
        "self", verbose_name="fiches liées", blank=True, symmetrical=True
    )
    visibility = models.CharField(
        "visibilité", max_length=12, choices=Visibility.choices, default=Visibility.RESTRICTED
    )
    status = models.CharField(
        "statut", max_length=12, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    is_example = models.BooleanField(
        "contenu d'exemple",
        default=False,
        help_text="Contenu inventé pour la démonstration, signalé comme tel.",
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField("créée le", default=timezone.now, editable=False)
    updated_at = models.DateTimeField("modifiée le", default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    deleted_at = models.DateTimeField("supprimée le", null=True, blank=True, editable=False)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    # Provenance: the fiche this one was copied from ("s'en inspirer", plans/inspiration.py).
    inspired_by = models.ForeignKey(
        "self",
        verbose_name="inspirée de",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="inspired",
    )
    # What the fiche is found by, kept up to date by save() (plans/search.py).
    search_text = models.TextField(default="", editable=False)
    search_vector = SearchVectorField(null=True, editable=False)

    objects = ActionSheetQuerySet.as_manager()

    class Meta:
        verbose_name = "fiche action"
        verbose_name_plural = "fiches action"
        ordering = ["territory", "sort_key"]
        constraints = [
            models.UniqueConstraint(fields=["territory", "code"], name="action_sheet_code_unique")
        ]
        indexes = [
            models.Index(fields=["territory", "status"]),
            PortableGinIndex(fields=["search_vector"], name="action_sheet_search"),
            # The published fiches' search (the catalogue, the similar actions): a third of
            # the entries, and no restricted or deleted fiche read then filtered out.
            PortableGinIndex(
                fields=["search_vector"],
                condition=models.Q(deleted_at__isnull=True, visibility=Visibility.PUBLIC),
                name="action_sheet_published_search",
            ),
            models.Index(Upper("code"), name="action_sheet_code_upper"),
            # The API list's order (and its cursor), visibility at hand for the filter.
            models.Index(
                fields=["territory", "sort_key", "id"],
                include=["visibility"],
                condition=models.Q(deleted_at__isnull=True),
                name="action_sheet_list_order",
            ),
            # Mon espace's recent changes hide the events of the deleted fiches: a few
            # hundred among tens of thousands, read without the table.
            models.Index(
                fields=["territory", "id"],
                condition=models.Q(deleted_at__isnull=False),
                name="action_sheet_deleted",
            ),
            # The validation queue (workspace.reads.AWAITING_VALIDATION: Présentée), the
            # longest waiting first, its count read in the index.
            models.Index(
                fields=["updated_at", "id"],
                include=["territory"],
                condition=models.Q(deleted_at__isnull=True, status=Status.PRESENTED),
                name="action_sheet_awaiting",
            ),
        ]

    def clean(self):
        super().clean()
        errors = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = "La date de fin précède la date de début."
        parts = [v for v in (self.budget_investment, self.budget_operating) if v is not None]
        if self.budget_total is not None and parts and sum(parts) > self.budget_total:
            errors["budget_total"] = (
                "L'investissement et le fonctionnement dépassent le budget total."
            )
        for name in ("budget_total", "budget_investment", "budget_operating"):
            value = getattr(self, name)
            if value is not None and value < 0:
                errors[name] = "Un montant ne peut pas être négatif."
        if errors:
            raise ValidationError(errors)

    def save(self, *args, update_fields=None, **kwargs):
        searched = update_fields is None or bool(set(update_fields) & set(search.SEARCH_FIELDS))
        if searched:
            self.code = self.code.strip()
            # Padded digit runs may outgrow the column (F1.1.1.1…): the sort needs no more.
            self.sort_key = natural_key(self.code)[:SORT_KEY_LENGTH]
            search.index_sheet(self)
            if update_fields is not None:
                update_fields = {*update_fields, "sort_key", *search.STORED_FIELDS}
        try:
            if not searched:
                super().save(*args, update_fields=update_fields, **kwargs)
                return
            # SQLite's full-text row is written after the fiche, in the same transaction.
            with transaction.atomic(using=kwargs.get("using"), savepoint=False):
                super().save(*args, update_fields=update_fields, **kwargs)
                search.index_written([self])
        finally:
            # On PostgreSQL the vector was an SQL expression, evaluated by the write.
            self.search_vector = None

    def __str__(self):
        return f"{self.code} {self.title}"

    def stale_edit_message(self):
        """What a refused edit made on an older version says (core.errors.StaleEditError)."""
        return (
            f"La fiche {self.code} a été modifiée entre-temps (version {self.version}). "
            "Vos modifications n'ont pas été enregistrées : comparez-les avec la version "
            "actuelle avant de les reprendre."
        )

    @property
    def is_deleted(self):
        return self.deleted_at is not None

    @property
    def is_public(self):
        return self.visibility == Visibility.PUBLIC

    @property
    def is_late(self):
        """En retard: the end date has passed and the action is neither done nor dropped."""
        if not self.end_date or self.status in (Status.DONE, Status.ABANDONED):
            return False
        return self.end_date < timezone.localdate()

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse(
            "plans:sheet_detail", kwargs={"territory_code": self.territory.code, "code": self.code}
        )


class Step(StripsText):
    sheet = models.ForeignKey(ActionSheet, on_delete=models.CASCADE, related_name="steps")
    title = models.CharField("étape", max_length=300)
    due_on = models.DateField("échéance", null=True, blank=True)
    done = models.BooleanField("faite", default=False)
    position = models.PositiveSmallIntegerField("ordre", default=0)

    class Meta:
        verbose_name = "étape"
        ordering = ["position", "id"]

    def __str__(self):
        return self.title


class Indicator(StripsText):
    sheet = models.ForeignKey(ActionSheet, on_delete=models.CASCADE, related_name="indicators")
    name = models.CharField("indicateur", max_length=200)
    unit = models.CharField("unité", max_length=40, blank=True)
    baseline = models.DecimalField(
        "valeur initiale", max_digits=14, decimal_places=2, null=True, blank=True
    )
    target = models.DecimalField("cible", max_digits=14, decimal_places=2, null=True, blank=True)
    current_value = models.DecimalField(
        "valeur actuelle", max_digits=14, decimal_places=2, null=True, blank=True
    )
    position = models.PositiveSmallIntegerField("ordre", default=0)

    class Meta:
        verbose_name = "indicateur"
        ordering = ["position", "id"]

    def __str__(self):
        return self.name


def document_path(instance, filename):
    today = datetime.date.today()
    return f"fiches/{instance.sheet_id}/{today:%Y%m}/{Path(filename).name}"


class Document(StripsText):
    class Kind(models.TextChoices):
        NOTE = "note", "Note"
        BUDGET = "budget", "Budget / plan de financement"
        PRESENTATION = "presentation", "Présentation"
        DELIBERATION = "deliberation", "Délibération"
        PHOTO = "photo", "Photo"
        OTHER = "other", "Autre"

    sheet = models.ForeignKey(ActionSheet, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField("titre", max_length=200)
    kind = models.CharField("type", max_length=20, choices=Kind.choices, default=Kind.OTHER)
    file = models.FileField("fichier", upload_to=document_path)
    size = models.PositiveBigIntegerField("taille (octets)", default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField("déposé le", default=timezone.now)

    class Meta:
        verbose_name = "document"
        ordering = ["-uploaded_at"]

    def __str__(self):
        return self.title


class Link(StripsText):
    sheet = models.ForeignKey(ActionSheet, on_delete=models.CASCADE, related_name="links")
    title = models.CharField("titre", max_length=200)
    url = models.URLField("adresse", max_length=500)
    position = models.PositiveSmallIntegerField("ordre", default=0)

    class Meta:
        verbose_name = "lien"
        ordering = ["position", "id"]

    def __str__(self):
        return self.title


class StatusTransition(RecordedTransition):
    """One recorded move of a fiche through its workflow: who, when, why."""

    sheet = models.ForeignKey(ActionSheet, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField("de", max_length=12, choices=Status.choices)
    to_status = models.CharField("vers", max_length=12, choices=Status.choices)

    class Meta:
        verbose_name = "changement de statut"
        ordering = ["at", "id"]
        # A fiche's status at a date (plans/asof.py): its last move at or before it.
        indexes = [
            models.Index(fields=["sheet", "at"], name="status_transition_sheet_at"),
            # The dashboards' recent activity: the last moves first, whatever the fiche.
            models.Index(fields=["-at", "-id"], name="status_transition_recent"),
        ]

    def __str__(self):
        return f"{self.sheet.code}: {self.from_status} → {self.to_status}"
