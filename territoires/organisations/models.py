"""Organisations, people and the governance of each territory."""

import re

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
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


# A territory's company contacts -------------------------------------------------------

# The NAF rév. 2 sections (the letter above the divisions, their two first digits), as
# INSEE names them: a company's sector is read from its NAF code.
NAF_SECTIONS = {
    "A": ("Agriculture, sylviculture et pêche", range(1, 4)),
    "B": ("Industries extractives", range(5, 10)),
    "C": ("Industrie manufacturière", range(10, 34)),
    "D": ("Production et distribution d'électricité, de gaz, de vapeur", range(35, 36)),
    "E": ("Eau, assainissement, gestion des déchets et dépollution", range(36, 40)),
    "F": ("Construction", range(41, 44)),
    "G": ("Commerce ; réparation d'automobiles et de motocycles", range(45, 48)),
    "H": ("Transports et entreposage", range(49, 54)),
    "I": ("Hébergement et restauration", range(55, 57)),
    "J": ("Information et communication", range(58, 64)),
    "K": ("Activités financières et d'assurance", range(64, 67)),
    "L": ("Activités immobilières", range(68, 69)),
    "M": ("Activités spécialisées, scientifiques et techniques", range(69, 76)),
    "N": ("Activités de services administratifs et de soutien", range(77, 83)),
    "O": ("Administration publique", range(84, 85)),
    "P": ("Enseignement", range(85, 86)),
    "Q": ("Santé humaine et action sociale", range(86, 89)),
    "R": ("Arts, spectacles et activités récréatives", range(90, 94)),
    "S": ("Autres activités de services", range(94, 97)),
    "T": ("Activités des ménages en tant qu'employeurs", range(97, 99)),
    "U": ("Activités extra-territoriales", range(99, 100)),
}


def naf_section_of(naf_code):
    """The section letter of a NAF code ("25.62B" → "C"), or "" when unknown."""
    if not naf_code or not naf_code[:2].isdigit():
        return ""
    division = int(naf_code[:2])
    return next((s for s, (_label, ds) in NAF_SECTIONS.items() if division in ds), "")


def naf_divisions(section):
    """The two-digit divisions of a section ("C" → ["10", …, "33"])."""
    return [f"{d:02d}" for d in NAF_SECTIONS[section][1]] if section in NAF_SECTIONS else []


class ContactTag(models.Model):
    """A word a territory puts on its contacts (étiquette), to make lists."""

    territory = models.ForeignKey(
        "referential.Territory", on_delete=models.CASCADE, related_name="contact_tags"
    )
    name = models.CharField("étiquette", max_length=60)

    class Meta:
        verbose_name = "étiquette de contact"
        verbose_name_plural = "étiquettes de contact"
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["territory", "name"], name="contact_tag_unique")
        ]

    def __str__(self):
        return self.name


class Contact(models.Model):
    """A person of the directory that a territory keeps as a company contact: invited to
    its meetings, asked for feedback. The person's details are the directory's (`Person`,
    its organisation's SIRET, NAF code, size band and commune); the territory adds its
    tags and the consents it recorded (`Consent`)."""

    territory = models.ForeignKey(
        "referential.Territory",
        verbose_name="territoire",
        on_delete=models.CASCADE,
        related_name="contacts",
    )
    person = models.ForeignKey(
        Person, verbose_name="personne", on_delete=models.CASCADE, related_name="contacts"
    )
    tags = models.ManyToManyField(
        ContactTag, verbose_name="étiquettes", blank=True, related_name="contacts"
    )
    added_at = models.DateTimeField("ajouté le", default=timezone.now, editable=False)
    added_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    class Meta:
        verbose_name = "contact"
        ordering = ["person__last_name", "person__first_name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["territory", "person"], name="contact_once_per_territory"
            )
        ]

    def __str__(self):
        return str(self.person)


class ConsentPurpose(models.TextChoices):
    """What a contact agreed to (finalité)."""

    INVITATIONS = "invitations", "Invitations aux rencontres du territoire"
    NEWS = "news", "Informations sur le programme"


class ConsentSource(models.TextChoices):
    """How the consent was obtained."""

    FORM = "form", "Formulaire signé ou en ligne"
    MEETING = "meeting", "Lors d'une rencontre"
    EMAIL = "email", "Par courriel"
    PHONE = "phone", "Par téléphone"
    IMPORT = "import", "Fichier importé"


class Consent(models.Model):
    """One recorded step of a contact's consent for a purpose: given or withdrawn, on a
    date, obtained how. Never changed: the current consent for a purpose is its latest
    step (`services.consent_state`), the earlier ones are its history."""

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField("finalité", max_length=20, choices=ConsentPurpose.choices)
    given = models.BooleanField("consentement donné", help_text="Décoché : retiré.")
    on = models.DateField("date")
    source = models.CharField("recueilli", max_length=12, choices=ConsentSource.choices)
    note = models.CharField("précision", max_length=300, blank=True)
    recorded_at = models.DateTimeField("enregistré le", default=timezone.now, editable=False)
    recorded_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    class Meta:
        verbose_name = "consentement"
        ordering = ["contact", "purpose", "on", "recorded_at", "id"]

    def __str__(self):
        state = "donné" if self.given else "retiré"
        return f"{self.get_purpose_display()} : {state} le {self.on:%d/%m/%Y}"


class ContactList(models.Model):
    """A named list of a territory's contacts: a saved filter (sector, tag, consent),
    read afresh each time it is used, so that a contact added later and matching it is in
    the list (decision 0022). To pin a set of people, tag them and save the tag."""

    territory = models.ForeignKey(
        "referential.Territory", on_delete=models.CASCADE, related_name="contact_lists"
    )
    name = models.CharField("nom de la liste", max_length=100)
    naf_section = models.CharField(
        "secteur (section NAF)",
        max_length=1,
        blank=True,
        choices=[(code, f"{code} – {label}") for code, (label, _d) in NAF_SECTIONS.items()],
    )
    naf_division = models.CharField(
        "division NAF",
        max_length=2,
        blank=True,
        validators=[RegexValidator(r"^\d{2}$", "Deux chiffres (ex. 25).")],
        help_text="Deux chiffres (ex. 25 : fabrication de produits métalliques).",
    )
    tag = models.ForeignKey(
        ContactTag,
        verbose_name="étiquette",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="lists",
    )
    with_consent = models.CharField(
        "avec le consentement pour",
        max_length=20,
        blank=True,
        choices=ConsentPurpose.choices,
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = "liste de contacts"
        verbose_name_plural = "listes de contacts"
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["territory", "name"], name="contact_list_unique")
        ]

    def __str__(self):
        return self.name
