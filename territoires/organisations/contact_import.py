"""The CSV import of a territory's company contacts, in two steps: `preview` reads and
checks the whole file and says, line by line, what it would create or update, with every
error named by its line and column, writing nothing; `apply` does it, all or nothing, in
one transaction, only when the preview has no error (it is computed again at that time).

The file: UTF-8 (with or without BOM; Windows-1252 from an old spreadsheet is read too),
"," or ";" between the cells, read strictly (`core.tabular`). Its first line names the
columns (accents and case do not matter; the order either):

    Prénom, Nom, Courriel*, Fonction, Téléphone, Entreprise, SIRET, Étiquettes,
    Consentement invitations, Date du consentement

Courriel is required, and Nom or Prénom. A contact is identified by its address: a known
one is updated, so importing the same file twice changes nothing the second time.
"Étiquettes" are separated by commas or semicolons inside their cell and are added to the
contact's. "Consentement invitations" is "oui" or "non" (or empty: nothing recorded), its
date JJ/MM/AAAA or AAAA-MM-JJ (required with it); a value that differs from the contact's
current consent records a new step, obtained by "Fichier importé".
"""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from territoires.accounts.identity import normalize_email
from territoires.audit import values as audit_values
from territoires.core.tabular import UnclosedQuote, csv_records, text_problem
from territoires.core.text import fold

from . import contacts
from .models import ConsentPurpose, ConsentSource, Contact, Organisation, Person

MAX_BYTES = 1_000_000
MAX_ROWS = 5_000

# field → (column as written in the file's header, longest value)
COLUMNS = {
    "first_name": ("Prénom", 100),
    "last_name": ("Nom", 100),
    "email": ("Courriel", 254),
    "job_title": ("Fonction", 200),
    "phone": ("Téléphone", 30),
    "organisation_name": ("Entreprise", 200),
    "siret": ("SIRET", 20),
    "tags": ("Étiquettes", 600),
    "consent": ("Consentement invitations", 10),
    "consent_on": ("Date du consentement", 10),
}
# Other spellings accepted in a header, folded.
ALIASES = {"email": ("e-mail", "email", "adresse electronique", "mail")}
YES, NO = {"oui", "o", "yes", "1", "vrai"}, {"non", "n", "no", "0", "faux"}
# The person's fields an import compares, with their French names.
COMPARED = {
    "first_name": "prénom",
    "last_name": "nom",
    "job_title": "fonction",
    "phone": "téléphone",
    "organisation": "entreprise",
}


class Action:
    CREATE = "create"
    UPDATE = "update"
    UNCHANGED = "unchanged"
    LABELS = {CREATE: "Création", UPDATE: "Mise à jour", UNCHANGED: "Inchangé"}


@dataclass
class Row:
    """One line of the file, checked, and what the import would do with it."""

    line: int
    values: dict
    action: str = Action.CREATE
    changes: list = field(default_factory=list)
    new_company: bool = False
    person: Person | None = None
    before: dict = field(default_factory=dict)
    organisation: Organisation | None = None
    tags: list = field(default_factory=list)
    consent: bool | None = None
    consent_on: datetime.date | None = None

    @property
    def action_label(self):
        return Action.LABELS[self.action]

    @property
    def organisation_label(self):
        return self.organisation.name if self.organisation else ""


@dataclass
class Preview:
    rows: list = field(default_factory=list)
    errors: list = field(default_factory=list)  # (where, message)
    ignored: list = field(default_factory=list)  # columns of the file that are not read

    def error(self, line, column, message):
        where = f"ligne {line}, colonne « {column} »" if column else f"ligne {line}"
        self.errors.append((where, message))

    @property
    def counts(self):
        return {
            action: sum(1 for row in self.rows if row.action == action) for action in Action.LABELS
        }


class ImportRefused(Exception):
    def __init__(self, preview):
        self.preview = preview
        super().__init__("; ".join(f"{where} : {message}" for where, message in preview.errors))


def decode(content):
    """The file's text: UTF-8 (BOM removed), else Windows-1252; None when neither."""
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def _header_field(cell):
    folded = fold(cell.strip())
    for name, (column, _length) in COLUMNS.items():
        if folded == fold(column) or folded in ALIASES.get(name, ()):
            return name
    return None


def _read_header(preview, cells):
    positions = {}
    for index, cell in enumerate(cells):
        name = _header_field(cell)
        if name is None:
            if cell.strip():
                preview.ignored.append(cell.strip()[:60])
            continue
        if name in positions:
            preview.error(1, cell.strip(), "colonne en double")
        positions[name] = index
    if "email" not in positions:
        preview.error(1, "", "colonne « Courriel » absente de la première ligne")
    if "first_name" not in positions and "last_name" not in positions:
        preview.error(1, "", "colonne « Nom » ou « Prénom » absente de la première ligne")
    return positions


def _delimiter(text):
    first = text.split("\n", 1)[0]
    return ";" if first.count(";") > first.count(",") else ","


def _records(preview, content):
    """(line, cells) of the file's records, header excluded, with its positions; errors
    on `preview` when the file cannot be read."""
    if len(content) > MAX_BYTES:
        preview.error(1, "", f"fichier trop gros : {MAX_BYTES // 1000} ko au plus")
        return {}, []
    text = decode(content)
    if text is None:
        preview.error(1, "", "fichier illisible : enregistrez-le en CSV UTF-8")
        return {}, []
    try:
        records = list(csv_records(text, _delimiter(text)))
    except UnclosedQuote as exc:
        preview.errors.append((f"ligne {exc.line}", str(exc)))
        return {}, []
    except Exception as exc:  # csv.Error, with its line  # noqa: BLE001
        preview.errors.append(("", str(exc)))
        return {}, []
    if not records:
        preview.error(1, "", "fichier vide : la première ligne nomme les colonnes")
        return {}, []
    header = records[0][1]
    positions = _read_header(preview, header)
    positions["_width"] = len(header)
    rows = [(line, cells) for line, cells in records[1:] if any(c.strip() for c in cells)]
    if len(rows) > MAX_ROWS:
        preview.error(1, "", f"{len(rows)} lignes : {MAX_ROWS} au plus par import")
        return positions, []
    return positions, rows


def _cells(preview, line, cells, positions):
    """{field: text} of one record; errors for cells no column can hold."""
    values, ok, width = {}, True, positions["_width"]
    if any(cell.strip() for cell in cells[width:]):
        preview.error(line, "", f"{len(cells)} cellules pour {width} colonnes dans l'en-tête")
        ok = False
    for name, index in positions.items():
        if name == "_width":
            continue
        value = cells[index] if index < len(cells) else ""
        column, length = COLUMNS[name]
        problem = text_problem(value, length)
        if problem:
            preview.error(line, column, problem)
            ok = False
        values[name] = value.strip()
    for name in COLUMNS:
        values.setdefault(name, "")
    return values if ok else None


def _read_date(value):
    for pattern in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    return None


def _column_of(field_name):
    return COLUMNS.get(field_name, COLUMNS.get("last_name"))[0]


def _errors_of(preview, line, exc):
    if hasattr(exc, "error_dict"):
        for name, messages in exc.message_dict.items():
            column = _column_of("organisation_name" if name == "name" else name)
            for message in messages:
                preview.error(line, column, message)
    else:
        for message in exc.messages:
            preview.error(line, "", message)


class _Known:
    """What the database already holds, read once for the whole file."""

    def __init__(self, territory):
        from .services import directory_people

        self.contacts = {}
        for contact in (
            Contact.objects.filter(territory=territory)
            .select_related("person__organisation")
            .prefetch_related("tags")
            .annotate(consents_to_invitations=contacts.consent_now(ConsentPurpose.INVITATIONS))
            .order_by("id")
        ):
            self.contacts.setdefault(normalize_email(contact.person.email), contact)
        self.people = {}
        for person in directory_people(territory, include_ended=True).exclude(email=""):
            self.people.setdefault(normalize_email(person.email), person)
        self.organisations = {}
        self.new_companies = {}

    def organisation(self, name, siret):
        key = (contacts.compact_siret(siret), fold(" ".join(name.split())))
        if key not in self.organisations:
            self.organisations[key] = contacts.find_organisation(name, siret)
        return self.organisations[key]


def _check_row(preview, known, row, seen):
    values, line = row.values, row.line
    address = normalize_email(values["email"])
    try:
        validate_email(address)
    except ValidationError:
        preview.error(line, "Courriel", f"adresse « {values['email'][:60]} » invalide")
        return False
    if address in seen:
        preview.error(line, "Courriel", f"adresse déjà à la ligne {seen[address]} du fichier")
        return False
    seen[address] = line
    contact = known.contacts.get(address)
    row.person = contact.person if contact else known.people.get(address) or Person()
    if contact is None and row.person.pk:
        row.person = Person.objects.get(pk=row.person.pk)  # a copy the checks may change
    ok = True
    try:
        # An empty cell leaves what is known: a file adds or corrects, never erases.
        row.before = contacts.fill_person(
            row.person,
            email=address,
            **{
                name: values[name] or getattr(row.person, name)
                for name in ("first_name", "last_name", "job_title", "phone")
            },
        )
    except ValidationError as exc:
        _errors_of(preview, line, exc)
        ok = False
    if values["organisation_name"] or values["siret"]:
        row.organisation = known.organisation(values["organisation_name"], values["siret"])
        if row.organisation is None:
            try:
                row.organisation = contacts.new_company(
                    values["organisation_name"], values["siret"]
                )
            except ValidationError as exc:
                _errors_of(preview, line, exc)
                ok = False
            else:
                row.new_company = True
    try:
        row.tags = contacts.clean_tag_names(values["tags"])
    except ValidationError as exc:
        _errors_of(preview, line, exc)
        ok = False
    ok = _check_consent(preview, row) and ok
    if ok:
        _decide(row, contact)
    return ok


def _check_consent(preview, row):
    values, line = row.values, row.line
    answer = fold(values["consent"])
    if not answer:
        if values["consent_on"]:
            preview.error(line, "Consentement invitations", "indiquez « oui » ou « non »")
            return False
        return True
    if answer not in YES | NO:
        preview.error(line, "Consentement invitations", f"« {values['consent']} » : oui ou non")
        return False
    row.consent = answer in YES
    row.consent_on = _read_date(values["consent_on"])
    if row.consent_on is None:
        preview.error(
            line,
            "Date du consentement",
            "date manquante ou illisible (JJ/MM/AAAA ou AAAA-MM-JJ attendu)",
        )
        return False
    return True


def _decide(row, contact):
    if contact is None:
        row.action = Action.CREATE
        return
    person = row.person
    after = audit_values.snapshot(person, contacts.PERSON_FIELDS)
    changes = [
        label
        for name, label in COMPARED.items()
        if name != "organisation" and row.before[name] != after[name]
    ]
    if row.organisation is not None and (
        row.new_company or row.organisation.pk != person.organisation_id
    ):
        changes.append(COMPARED["organisation"])
    known_tags = {t.name.casefold() for t in contact.tags.all()}
    if any(name.casefold() not in known_tags for name in row.tags):
        changes.append("étiquettes")
    if row.consent is not None and row.consent != contact.consents_to_invitations:
        changes.append("consentement")
    row.changes = changes
    row.action = Action.UPDATE if changes else Action.UNCHANGED


def preview(territory, content, *, acting_user):
    """What importing `content` (bytes) would do; nothing written."""
    contacts.check_can_manage(territory, acting_user)
    result = Preview()
    positions, records = _records(result, content)
    if result.errors:
        return result
    known, seen = _Known(territory), {}
    for line, cells in records:
        values = _cells(result, line, cells, positions)
        if values is None:
            continue
        row = Row(line=line, values=values)
        if _check_row(result, known, row, seen):
            result.rows.append(row)
    if not records:
        result.error(2, "", "aucun contact dans le fichier")
    return result


@transaction.atomic
def apply(territory, content, *, acting_user):
    """Import `content`: every line or none. Returns the preview it carried out; raises
    ImportRefused (nothing written) when a line is wrong."""
    result = preview(territory, content, acting_user=acting_user)
    if result.errors:
        raise ImportRefused(result)
    created = {}
    for row in result.rows:
        if row.action == Action.UNCHANGED:
            continue
        organisation = row.organisation
        if row.new_company:
            key = (organisation.siret, fold(organisation.name))
            if key not in created:
                created[key] = contacts.create_company(
                    organisation, acting_user=acting_user, territory=territory
                )
            organisation = created[key]
        if organisation is not None:
            row.person.organisation = organisation
        contact, _ = contacts.save_person_as_contact(
            territory, row.person, row.before, acting_user=acting_user
        )
        if row.tags:
            contacts.set_tags(contact, row.tags, acting_user=acting_user, keep=True)
        if row.consent is not None and (
            row.action == Action.CREATE or "consentement" in row.changes
        ):
            contacts.record_consent(
                contact,
                acting_user=acting_user,
                purpose=ConsentPurpose.INVITATIONS,
                given=row.consent,
                on=row.consent_on,
                source=ConsentSource.IMPORT,
            )
    return result
