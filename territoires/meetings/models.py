"""Meetings of a territory with its manufacturers and partners (After Work, comité de
projet, comité de suivi, atelier, réunion publique), their agenda, their registrations,
and the recorded moves of their status. Their history is in the audit log."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from territoires.core.transitions import RecordedTransition
from territoires.organisations.models import validate_siret
from territoires.permissions.visibility import Visibility


class MeetingKind(models.TextChoices):
    AFTER_WORK = "after_work", "After Work"
    PROJECT_COMMITTEE = "project_committee", "Comité de projet"
    MONITORING_COMMITTEE = "monitoring_committee", "Comité de suivi"
    WORKSHOP = "workshop", "Atelier"
    PUBLIC_MEETING = "public_meeting", "Réunion publique"


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", "Prévue"
    HELD = "held", "Tenue"
    CANCELLED = "cancelled", "Annulée"


class Meeting(models.Model):
    """A meeting of a territory: date and times are Europe/Paris wall-clock times."""

    territory = models.ForeignKey(
        "referential.Territory",
        verbose_name="territoire",
        on_delete=models.PROTECT,
        related_name="meetings",
    )
    kind = models.CharField("type de rencontre", max_length=30, choices=MeetingKind.choices)
    title = models.CharField("titre", max_length=300)
    date = models.DateField("date")
    start_time = models.TimeField("heure de début")
    end_time = models.TimeField("heure de fin")
    venue_name = models.CharField("lieu", max_length=200, blank=True)
    venue_address = models.CharField("adresse", max_length=300, blank=True)
    host_organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name="organisation hôte",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="hosted_meetings",
    )
    co_organisers = models.ManyToManyField(
        "organisations.Organisation",
        verbose_name="co-organisateurs",
        blank=True,
        related_name="co_organised_meetings",
    )
    invitation_text = models.TextField("texte de l'invitation", blank=True)
    capacity = models.PositiveIntegerField(
        "nombre de places",
        null=True,
        blank=True,
        help_text="Vide : sans limite. Au-delà, les inscrits vont en liste d'attente.",
    )
    visibility = models.CharField(
        "visibilité", max_length=12, choices=Visibility.choices, default=Visibility.RESTRICTED
    )
    status = models.CharField(
        "statut",
        max_length=12,
        choices=MeetingStatus.choices,
        default=MeetingStatus.PLANNED,
        editable=False,
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

    class Meta:
        verbose_name = "rencontre"
        ordering = ["date", "start_time", "id"]
        indexes = [models.Index(fields=["territory", "date"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_time__gt=models.F("start_time")),
                name="meeting_ends_after_it_starts",
            )
        ]

    def clean(self):
        super().clean()
        if self.start_time and self.end_time and self.end_time <= self.start_time:
            raise ValidationError({"end_time": "L'heure de fin doit suivre l'heure de début."})
        if self.capacity == 0:
            raise ValidationError(
                {"capacity": "Au moins une place, ou laissez vide pour une rencontre sans limite."}
            )

    def __str__(self):
        return f"{self.title} ({self.date:%d/%m/%Y})"

    def stale_edit_message(self):
        """What a refused edit made on an older version says (core.errors.StaleEditError)."""
        return (
            f"La rencontre a été modifiée entre-temps (version {self.version}). Vos "
            "modifications n'ont pas été enregistrées : reprenez-les sur la version actuelle."
        )

    @property
    def is_public(self):
        return self.visibility == Visibility.PUBLIC

    @property
    def is_open_for_registration(self):
        return self.status == MeetingStatus.PLANNED


class MeetingTransition(RecordedTransition):
    """One recorded move of a meeting's status: who, when, why."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField("de", max_length=12, choices=MeetingStatus.choices)
    to_status = models.CharField("vers", max_length=12, choices=MeetingStatus.choices)
    comment = models.TextField("motif", blank=True)

    class Meta:
        verbose_name = "changement de statut d'une rencontre"
        verbose_name_plural = "changements de statut des rencontres"
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.meeting_id}: {self.from_status} → {self.to_status}"


class AgendaItem(models.Model):
    """One item of a meeting's agenda (ordre du jour), in `position` order."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    position = models.PositiveSmallIntegerField("ordre", default=0)
    start_time = models.TimeField("heure", null=True, blank=True)
    duration_minutes = models.PositiveSmallIntegerField("durée (minutes)", null=True, blank=True)
    title = models.CharField("titre", max_length=300)
    speakers = models.ManyToManyField(
        "organisations.Person",
        verbose_name="intervenants",
        blank=True,
        related_name="agenda_items_spoken",
    )

    class Meta:
        verbose_name = "point de l'ordre du jour"
        verbose_name_plural = "points de l'ordre du jour"
        ordering = ["meeting", "position", "id"]

    def __str__(self):
        return self.title

    @property
    def end_time(self):
        if self.start_time is None or not self.duration_minutes:
            return None
        start = datetime.datetime.combine(datetime.date(2000, 1, 1), self.start_time)
        return (start + datetime.timedelta(minutes=self.duration_minutes)).time()


class PresentedSheet(models.Model):
    """A fiche action presented during an agenda item, with its presenter."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="presented_sheets")
    sheet = models.ForeignKey(
        "plans.ActionSheet",
        verbose_name="fiche",
        on_delete=models.PROTECT,
        related_name="presentations",
    )
    presenter = models.ForeignKey(
        "organisations.Person",
        verbose_name="présentateur",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    position = models.PositiveSmallIntegerField("ordre", default=0)

    class Meta:
        verbose_name = "fiche présentée"
        verbose_name_plural = "fiches présentées"
        ordering = ["item", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["item", "sheet"], name="presented_sheet_once_per_item")
        ]

    def __str__(self):
        return str(self.sheet_id)


class RegistrationStatus(models.TextChoices):
    REGISTERED = "registered", "Inscrit"
    WAITING = "waiting", "Liste d'attente"
    CANCELLED = "cancelled", "Désinscrit"
    ATTENDED = "attended", "Présent"


# The statuses that hold a seat.
SEATED = (RegistrationStatus.REGISTERED, RegistrationStatus.ATTENDED)


class Registration(models.Model):
    """A person registered to a meeting: a directory person or a contact as typed."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="registrations")
    person = models.ForeignKey(
        "organisations.Person",
        verbose_name="personne de l'annuaire",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meeting_registrations",
    )
    first_name = models.CharField("prénom", max_length=100)
    last_name = models.CharField("nom", max_length=100)
    email = models.EmailField("courriel", blank=True)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name="organisation de l'annuaire",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meeting_registrations",
    )
    organisation_name = models.CharField("organisation", max_length=200, blank=True)
    siret = models.CharField("SIRET", max_length=14, blank=True, validators=[validate_siret])
    job_title = models.CharField("fonction", max_length=200, blank=True)
    status = models.CharField(
        "statut",
        max_length=12,
        choices=RegistrationStatus.choices,
        default=RegistrationStatus.REGISTERED,
        editable=False,
    )
    is_walk_in = models.BooleanField("venu sans inscription", default=False)
    token = models.CharField(max_length=64, unique=True, editable=False)
    registered_at = models.DateTimeField("inscrit le", default=timezone.now, editable=False)
    updated_at = models.DateTimeField("modifiée le", default=timezone.now, editable=False)
    confirmation_sent_at = models.DateTimeField(
        "confirmation envoyée le", null=True, blank=True, editable=False
    )
    promotion_sent_at = models.DateTimeField(
        "place libérée annoncée le", null=True, blank=True, editable=False
    )
    is_example = models.BooleanField(
        "contenu d'exemple",
        default=False,
        help_text="Inscription inventée pour la démonstration, signalée comme telle.",
    )

    class Meta:
        verbose_name = "inscription"
        ordering = ["meeting", "registered_at", "id"]
        constraints = [
            # One live registration per address and meeting (cancelled ones stay recorded).
            models.UniqueConstraint(
                fields=["meeting", "email"],
                condition=~models.Q(status="cancelled") & ~models.Q(email=""),
                name="registration_one_per_email",
            )
        ]

    def __str__(self):
        return self.full_name

    @property
    def full_name(self):
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def organisation_label(self):
        return self.organisation.name if self.organisation_id else self.organisation_name


class Interest(models.TextChoices):
    NOT_CONCERNED = "not_concerned", "Pas concerné"
    INTERESTED = "interested", "Intéressé"
    READY = "ready_to_commit", "Prêt à s'engager"


class Need(models.TextChoices):
    RECRUITMENT = "recruitment", "Recrutement"
    TRAINING = "training", "Formation"
    LAND = "land", "Foncier et immobilier"
    MOBILITY = "mobility", "Mobilité"
    INNOVATION = "innovation", "Innovation"
    FINANCING = "financing", "Financement"
    SIMPLIFICATION = "simplification", "Simplification administrative"
    OTHER = "other", "Autre"


class Commitment(models.TextChoices):
    APPRENTICES = "apprentices", "Accueil d'apprentis"
    CO_FINANCING = "co_financing", "Co-financement"
    RESOURCES = "resources", "Mise à disposition de moyens"
    TESTIMONY = "testimony", "Témoignage"
    OTHER = "other", "Autre"


class TopicStatus(models.TextChoices):
    """What became of a forgotten topic (oubli)."""

    OPEN = "open", "À traiter"
    DRAFTED = "drafted", "Nouvelle fiche créée"
    ATTACHED = "attached", "Rattaché à une fiche"


class SheetFeedback(models.Model):
    """A company's feedback on a fiche presented at a meeting (avis): its interest, its
    needs, the commitments it offers, a comment, and a topic the plan forgot (oubli).
    Texts are stored sanitised (no markup)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="feedback")
    sheet = models.ForeignKey(
        "plans.ActionSheet", verbose_name="fiche", on_delete=models.PROTECT, related_name="feedback"
    )
    registration = models.ForeignKey(
        Registration, on_delete=models.SET_NULL, null=True, blank=True, related_name="feedback"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    first_name = models.CharField("prénom", max_length=100)
    last_name = models.CharField("nom", max_length=100)
    email = models.EmailField("courriel")
    organisation_name = models.CharField("entreprise", max_length=200)
    interest = models.CharField("intérêt", max_length=20, choices=Interest.choices)
    needs = models.JSONField("besoins", default=list, blank=True)
    needs_other = models.CharField("autre besoin", max_length=300, blank=True)
    commitments = models.JSONField("engagements proposés", default=list, blank=True)
    commitments_other = models.CharField("autre engagement", max_length=300, blank=True)
    comment = models.TextField("commentaire", blank=True)
    forgotten_topic = models.TextField("oubli du plan", blank=True)
    topic_status = models.CharField(
        "suite donnée à l'oubli",
        max_length=12,
        choices=TopicStatus.choices,
        default=TopicStatus.OPEN,
        editable=False,
    )
    topic_sheet = models.ForeignKey(
        "plans.ActionSheet",
        verbose_name="fiche issue de l'oubli ou complétée",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="oublis",
    )
    topic_handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    topic_handled_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField("donné le", default=timezone.now, editable=False)
    is_example = models.BooleanField("contenu d'exemple", default=False)
    # Its author edits it while its link is valid: from the browser that gave it (the
    # secret below, kept in a signed cookie) or signed in as its author.
    edit_token = models.CharField(max_length=64, blank=True, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField("modifié le", default=timezone.now, editable=False)

    class Meta:
        verbose_name = "avis sur une fiche"
        verbose_name_plural = "avis sur les fiches"
        ordering = ["meeting", "sheet", "created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "sheet", "email"], name="feedback_once_per_address"
            )
        ]

    def __str__(self):
        return f"{self.first_name} {self.last_name} ({self.organisation_name})"

    def stale_edit_message(self):
        return (
            "Votre avis a été modifié entre-temps (depuis un autre appareil ?). Vos "
            "modifications n'ont pas été enregistrées : reprenez-les sur l'avis actuel."
        )

    @property
    def need_labels(self):
        return [Need(code).label for code in self.needs if code in Need.values]

    @property
    def commitment_labels(self):
        return [Commitment(code).label for code in self.commitments if code in Commitment.values]


class FollowUpKind(models.TextChoices):
    DECISION = "decision", "Décision"
    NEXT_DATE = "next_date", "Prochaine échéance"


class FollowUpStatus(models.TextChoices):
    OPEN = "open", "À faire"
    DONE = "done", "Fait"


class FollowUp(models.Model):
    """A follow-up of a meeting written into its compte rendu (relevé de décisions): a
    decision taken or a next date announced at the closing, with the person who carries it
    (its owner, from the territory's directory), its due date and whether it is done."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="follow_ups")
    kind = models.CharField("nature", max_length=12, choices=FollowUpKind.choices)
    text = models.CharField("intitulé", max_length=500)
    owner = models.ForeignKey(
        "organisations.Person",
        verbose_name="responsable",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meeting_follow_ups",
    )
    due_date = models.DateField("échéance")
    status = models.CharField(
        "état",
        max_length=8,
        choices=FollowUpStatus.choices,
        default=FollowUpStatus.OPEN,
        editable=False,
    )
    done_at = models.DateTimeField("fait le", null=True, blank=True, editable=False)
    created_at = models.DateTimeField("ajouté le", default=timezone.now, editable=False)
    is_example = models.BooleanField(
        "contenu d'exemple",
        default=False,
        help_text="Suite inventée pour la démonstration, signalée comme telle.",
    )

    class Meta:
        verbose_name = "suite de la rencontre"
        verbose_name_plural = "suites des rencontres"
        ordering = ["meeting", "due_date", "id"]

    def __str__(self):
        return self.text


from .invitation_models import Invitation, InvitationAnswer  # noqa: E402, F401 (registered here)
