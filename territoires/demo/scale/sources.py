"""The real data sets the scale generator draws its content from, read by path.

`../shared/data/` (next to the checkout) holds four public files; none is copied into the
repository. Each reader returns plain tuples or dicts, already cleaned:

- territoires-industrie-2019-epci.csv: the 148 territories of 2019, their region and
  member EPCI;
- territoires-industrie-2019-communes.csv: their communes (hence their departments);
- fonds-vert-2023-projets.csv: 10,782 funded local projects: titles, beneficiaries with
  their SIREN, amounts, departments and communes;
- aides-territoires-periurbain.csv: 274 funding schemes: descriptions, funders, links.
"""

import csv
import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.conf import settings
from stdnum.fr import siren as siren_number

EPCI_FILE = "territoires-industrie-2019-epci.csv"
COMMUNES_FILE = "territoires-industrie-2019-communes.csv"
PROJECTS_FILE = "fonds-vert-2023-projets.csv"
SCHEMES_FILE = "aides-territoires-periurbain.csv"
FILES = (EPCI_FILE, COMMUNES_FILE, PROJECTS_FILE, SCHEMES_FILE)


def default_data_dir() -> Path:
    """The `SHARED_DATA` folder: `../shared/data` seen from the checkout by default."""
    return Path(settings.SHARED_DATA_DIR)


class MissingData(Exception):
    """A shared data file is absent: the message names it and says where it was looked for."""


@dataclass
class RealTerritory:
    code: str
    name: str
    region_code: str
    region_name: str
    # (siren, name, kind, communes of the EPCI in the territory, communes of the EPCI)
    epcis: list[tuple] = field(default_factory=list)
    department_codes: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class Project:
    title: str
    beneficiary: str
    siren: str
    amount: Decimal | None
    department_code: str
    department_name: str
    region_name: str
    commune: str
    commune_code: str
    scheme: str


@dataclass(frozen=True)
class Scheme:
    name: str
    url: str
    funders: tuple[str, ...]
    description: str
    kinds: tuple[str, ...]
    beneficiaries: tuple[str, ...]


def _open(data_dir: Path, name: str):
    path = Path(data_dir) / name
    if not path.is_file():
        raise MissingData(
            f"Fichier de données introuvable : {path}. Les jeux de données partagés sont lus "
            "dans ../shared/data (option --data pour un autre dossier)."
        )
    return path.open(encoding="utf-8-sig", newline="")


def department_of_commune(code_insee: str) -> str:
    """The department of a commune code: "52121" → "52", "2A004" → "2A", "97105" → "971"."""
    code_insee = code_insee.strip().upper()
    return code_insee[:3] if code_insee.startswith("97") else code_insee[:2]


def department_code(raw: str) -> str:
    """A department number as the Fonds vert file writes it, as INSEE does: "1" → "01"."""
    raw = raw.strip().upper()
    return raw.zfill(2) if len(raw) == 1 else raw


def read_territories(data_dir: Path) -> list[RealTerritory]:
    """The 148 territories of 2019, in code order, with their EPCI and departments."""
    territories: dict[str, RealTerritory] = {}
    with _open(data_dir, EPCI_FILE) as handle:
        for row in csv.DictReader(handle):
            territory = territories.setdefault(
                row["code_ti"],
                RealTerritory(
                    code=row["code_ti"],
                    name=row["libelle_ti"].strip(),
                    region_code=row["region_code"],
                    region_name=row["region_nom"].strip(),
                ),
            )
            territory.epcis.append(
                (
                    row["epci_siren"],
                    row["epci_nom"].strip(),
                    row["epci_type"],
                    int(row["communes_of_epci_in_ti"] or 0) or None,
                    int(row["communes_in_epci"] or 0) or None,
                )
            )
    with _open(data_dir, COMMUNES_FILE) as handle:
        for row in csv.DictReader(handle):
            territory = territories.get(row["code_terrind"])
            if territory is not None:
                territory.department_codes.add(department_of_commune(row["code_commune"]))
    return [territories[code] for code in sorted(territories)]


_AMOUNT = re.compile(r"[^\d,]")


def _amount(text: str) -> Decimal | None:
    """ "21 667,00 €" → Decimal("21667.00")."""
    cleaned = _AMOUNT.sub("", text).replace(",", ".")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        return None
    return value if value >= 0 else None


_PARTICLES = {"de", "du", "des", "la", "le", "les", "sur", "sous", "en", "et", "aux", "au", "lès"}


def proper_name(raw: str) -> str:
    """A name written in capitals, as people write it: "CA BASSIN DE BOURG EN BRESSE" →
    "CA Bassin de Bourg en Bresse" (short acronyms kept). Mixed case is left alone."""
    raw = " ".join(raw.split())
    if raw != raw.upper():
        return raw
    words = []
    for index, word in enumerate(raw.split(" ")):
        lower = word.lower()
        if index and lower in _PARTICLES:
            words.append(lower)
        elif len(word) <= 3 and word.isalpha() and index == 0:
            words.append(word)
        elif "'" in lower:
            head, _, tail = lower.partition("'")
            head = head if index else head.capitalize()
            words.append(f"{head}'{tail.capitalize()}")
        else:
            parts = lower.split("-")
            words.append(
                "-".join(
                    part if i and part in _PARTICLES else part.capitalize()
                    for i, part in enumerate(parts)
                )
            )
    return " ".join(words)


def read_projects(data_dir: Path) -> list[Project]:
    """Fonds vert projects with a title and a beneficiary; an invalid SIREN is dropped."""
    projects = []
    with _open(data_dir, PROJECTS_FILE) as handle:
        for row in csv.DictReader(handle, delimiter=";"):
            title = " ".join(row["nom_du_projet"].split())
            beneficiary = proper_name(row["nom_beneficiaire_principal"])
            if not title or not beneficiary:
                continue
            siren = row["siren"].strip()
            projects.append(
                Project(
                    title=title[:300],
                    beneficiary=beneficiary[:200],
                    siren=siren if siren_number.is_valid(siren) else "",
                    amount=_amount(row["montant_engage"]),
                    department_code=department_code(row["code_departement"]),
                    department_name=row["nom_departement"].strip(),
                    region_name=row["nom_region"].strip(),
                    commune=row["nom_commune"].strip(),
                    commune_code=row["code_commune"].strip().upper().zfill(5),
                    scheme=row["nom_demarche_ds"].strip(),
                )
            )
    return projects


def read_schemes(data_dir: Path) -> list[Scheme]:
    schemes = []
    with _open(data_dir, SCHEMES_FILE) as handle:
        for row in csv.DictReader(handle):
            description = " ".join(row["Descriptif"].split())
            if not description:
                continue
            schemes.append(
                Scheme(
                    name=" ".join(row["Nom"].split())[:200],
                    url=row["Lien"].strip(),
                    funders=tuple(f.strip() for f in row["Financeurs"].split(";") if f.strip()),
                    description=description,
                    kinds=tuple(k.strip() for k in row["Types d'aides"].split(";") if k.strip()),
                    beneficiaries=tuple(
                        b.strip() for b in row["Bénéficiaire"].split(";") if b.strip()
                    ),
                )
            )
    return schemes


def projects_by_department(projects) -> dict[str, list[Project]]:
    grouped = defaultdict(list)
    for project in projects:
        grouped[project.department_code].append(project)
    return grouped


def department_names(projects) -> dict[str, tuple[str, str]]:
    """department code → (name, region name), as the Fonds vert file spells them."""
    names = {}
    for project in projects:
        names.setdefault(project.department_code, (project.department_name, project.region_name))
    return names
