"""Reading the two Aides-territoires formats into `Record`s: the CSV export (French
labels, multi-values joined with ";") and the API's JSON (a page of results or a list).
A value that cannot be read is an error naming its line (or item) and column."""

import csv
import datetime
import html
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.utils.html import strip_tags

from territoires.core.tabular import UnclosedQuote, csv_records, text_problem

from . import vocabulary

AIDES_TERRITOIRES = "https://aides-territoires.beta.gouv.fr"

CSV_COLUMNS = {
    "name": "Nom",
    "source_url": "Lien",
    "financers": "Financeurs",
    "beneficiaries": "Bénéficiaire",
    "aid_types": "Types d'aides",
    "is_call_for_projects": "AAP/AMI",
    "recurrence": "Récurrence",
    "description": "Descriptif",
    "deadline": "Date Clôture",
}
REQUIRED_CSV_COLUMNS = ("Nom", "Lien")

JSON_FIELDS = {
    "source_id": "id",
    "source_url": "url",
    "name": "name",
    "short_title": "short_title",
    "financers": "financers",
    "instructors": "instructors",
    "description": "description",
    "eligibility": "eligibility",
    "perimeter": "perimeter",
    "beneficiaries": "targeted_audiences",
    "aid_types": "aid_types",
    "start_date": "start_date",
    "deadline": "submission_deadline",
    "rate_min": "subvention_rate_lower_bound",
    "rate_max": "subvention_rate_upper_bound",
    "recurrence": "recurrence",
    "is_call_for_projects": "is_call_for_project",
    "application_url": "application_url",
}


@dataclass
class Record:
    """One scheme as read from the file, before it meets the database."""

    where: str  # "ligne 12" or "élément 3"
    columns: dict  # model field → the column (or JSON key) it was read from
    values: dict = field(default_factory=dict)
    financers: list = field(default_factory=list)
    instructors: list = field(default_factory=list)
    themes: str = ""

    def column(self, name):
        return self.columns.get(name, name)


class Problems:
    """Errors found while reading one record, each tied to its column."""

    def __init__(self, report, record):
        self.report, self.record = report, record
        self.count = 0

    def add(self, name, message):
        self.count += 1
        self.report.error(
            f"{self.record.where}, colonne « {self.record.column(name)} »"
            if self.record.where.startswith("ligne")
            else f"{self.record.where}, champ « {self.record.column(name)} »",
            message,
        )


def clean_text(text):
    """Plain text from the catalogue's HTML or its flattened export: tags removed,
    entities decoded, long runs of spaces turned into line breaks."""
    text = html.unescape(strip_tags(str(text or "")))
    text = re.sub(r"[ \t\u00a0]{4,}", "\n", text)
    text = re.sub(r"[ \t\u00a0]+", " ", text)
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


def split_values(value):
    if isinstance(value, list):
        return [str(item).strip() for item in value if str(item).strip()]
    return [part.strip() for part in str(value or "").split(";") if part.strip()]


def read_codes(problems, name, table, labels, what):
    codes = []
    for label in split_values(labels):
        code = vocabulary.lookup(table, label)
        if code is None:
            problems.add(name, f"{what} inconnu : « {label} »")
        elif code not in codes:
            codes.append(code)
    return sorted(codes)  # as the database keeps them, so that a re-import compares equal


def read_date(problems, name, value):
    value = str(value or "").strip()
    if not value:
        return None
    for pattern in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    problems.add(name, f"date « {value} » illisible (JJ/MM/AAAA ou AAAA-MM-JJ attendu)")
    return None


def read_flag(problems, name, value):
    if isinstance(value, bool):
        return value
    folded = vocabulary.match_key(str(value or ""))
    if folded in vocabulary.YES:
        return True
    if folded in vocabulary.NO:
        return False
    problems.add(name, f"« {value} » : « Oui » ou vide attendu")
    return False


def read_rate(problems, name, value):
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value).replace(",", ".").replace("%", "").strip())
    except InvalidOperation:
        problems.add(name, f"taux « {value} » : un nombre attendu")
        return None


def read_recurrence(problems, name, value):
    if not str(value or "").strip():
        return ""
    code = vocabulary.lookup(vocabulary.RECURRENCES, str(value))
    if code is None:
        problems.add(
            name, f"récurrence inconnue : « {value} » (Ponctuelle, Permanente, Récurrente)"
        )
        return ""
    return code


def absolute_url(url):
    url = str(url or "").strip()
    return f"{AIDES_TERRITOIRES}{url}" if url.startswith("/") else url


def _fill(record, problems, raw):
    """The values of a record from its raw fields (model field → raw value)."""
    values = record.values
    values["name"] = clean_text(raw.get("name"))
    values["short_title"] = clean_text(raw.get("short_title"))
    values["description"] = clean_text(raw.get("description"))
    values["eligibility"] = clean_text(raw.get("eligibility"))
    values["perimeter"] = clean_text(raw.get("perimeter"))
    values["source_url"] = absolute_url(raw.get("source_url"))
    values["application_url"] = str(raw.get("application_url") or "").strip()
    values["source_id"] = str(raw.get("source_id") or "").strip()
    values["beneficiaries"] = read_codes(
        problems,
        "beneficiaries",
        vocabulary.BENEFICIARIES,
        raw.get("beneficiaries"),
        "bénéficiaire",
    )
    values["aid_types"] = read_codes(
        problems, "aid_types", vocabulary.AID_TYPES, raw.get("aid_types"), "type d'aide"
    )
    values["start_date"] = read_date(problems, "start_date", raw.get("start_date"))
    values["deadline"] = read_date(problems, "deadline", raw.get("deadline"))
    values["recurrence"] = read_recurrence(problems, "recurrence", raw.get("recurrence"))
    values["is_call_for_projects"] = read_flag(
        problems, "is_call_for_projects", raw.get("is_call_for_projects")
    )
    values["rate_min"] = read_rate(problems, "rate_min", raw.get("rate_min"))
    values["rate_max"] = read_rate(problems, "rate_max", raw.get("rate_max"))
    if not values["name"]:
        problems.add("name", "nom vide")
    if not values["source_url"] and not values["source_id"]:
        problems.add("source_url", "adresse de la source vide")
    record.financers = split_values(raw.get("financers"))
    record.instructors = split_values(raw.get("instructors"))
    # Text no column can hold (NUL, control characters) is refused here, with its column;
    # lengths are the model's rule (full_clean in schemes._validated).
    for name, value in values.items():
        problem = isinstance(value, str) and text_problem(value, multiline=True)
        if problem:
            problems.add(name, problem)
    for name in ("financers", "instructors"):
        for value in getattr(record, name):
            problem = text_problem(value)
            if problem:
                problems.add(name, f"« {value[:40]} » : {problem}")


def _decode(raw_bytes):
    try:
        return raw_bytes.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw_bytes.decode("cp1252", errors="replace")


def read_csv(path, report):
    """Yield a Record per data line of an Aides-territoires CSV export."""
    text = _decode(Path(path).read_bytes())
    if not text.strip():
        report.error("", "le fichier est vide")
        return
    first = text.splitlines()[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    records = csv_records(text, delimiter)
    try:
        _, header = next(records)
    except (UnclosedQuote, csv.Error) as exc:
        report.error("", str(exc))
        return
    header = [name.strip() for name in header]
    missing = [name for name in REQUIRED_CSV_COLUMNS if name not in header]
    if missing:
        report.error(
            "ligne 1",
            f"colonne(s) manquante(s) : {', '.join(missing)} "
            f"(colonnes attendues : {', '.join(CSV_COLUMNS.values())})",
        )
        return
    positions = {
        name: header.index(column) for name, column in CSV_COLUMNS.items() if column in header
    }
    while True:
        try:
            start, row = next(records)
        except StopIteration:
            break
        except (UnclosedQuote, csv.Error) as exc:
            report.error("", str(exc))
            break
        if not any(cell.strip() for cell in row):
            continue
        record = Record(where=f"ligne {start}", columns=CSV_COLUMNS)
        if len(row) != len(header):
            report.error(record.where, f"{len(header)} colonnes attendues, {len(row)} trouvées")
            continue
        raw = {name: row[index].strip() for name, index in positions.items()}
        _fill(record, Problems(report, record), raw)
        yield record


def read_json(path, report):
    """Yield a Record per scheme of an Aides-territoires API answer: a page
    ({"results": [...]}) or a plain list."""
    try:
        data = json.loads(_decode(Path(path).read_bytes()))
    except json.JSONDecodeError as exc:
        report.error(f"ligne {exc.lineno}, colonne {exc.colno}", f"JSON illisible ({exc.msg})")
        return
    items = data.get("results") if isinstance(data, dict) else data
    if not isinstance(items, list):
        report.error("", 'une liste de dispositifs ou une page {"results": [...]} attendue')
        return
    for index, item in enumerate(items, start=1):
        record = Record(where=f"élément {index}", columns=JSON_FIELDS)
        if not isinstance(item, dict):
            report.error(record.where, "un objet JSON attendu")
            continue
        if item.get("id") not in (None, ""):
            record.where = f"élément {index} (id {item['id']})"
        raw = {name: item.get(key) for name, key in JSON_FIELDS.items()}
        _fill(record, Problems(report, record), raw)
        record.themes = " ".join(
            str(category).replace("|", " ") for category in item.get("categories") or []
        )
        yield record


READERS = {"csv": read_csv, "json": read_json}
