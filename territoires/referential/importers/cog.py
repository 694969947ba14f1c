"""Import of the official geography from the JSON files of @etalab/decoupage-administratif.

The package's `data/` folder holds regions.json, departements.json, epci.json and
communes.json: lists of objects. Only current communes (type "commune-actuelle") are
kept; their EPCI comes from the `membres` of epci.json, or from their own `epci` field.
Every item is checked before anything is written; one bad item rejects the whole import.
"""

import json
import re
import time
from pathlib import Path

from django.db import transaction

from ..models import Commune, Department, Epci, Region
from .report import ImportRejected, ImportReport
from .sync import upsert_by_key

FILES = ("regions.json", "departements.json", "epci.json", "communes.json")
CURRENT_COMMUNE = "commune-actuelle"

REGION_CODE = re.compile(r"\d{2,3}")
DEPARTMENT_CODE = re.compile(r"\d{2,3}|2[AB]")
COMMUNE_CODE = re.compile(r"\d{5}|2[AB]\d{3}")
SIREN = re.compile(r"\d{9}")

# The `type` of epci.json (and ept.json) → Epci.Kind.
EPCI_KINDS = {
    "CA": Epci.Kind.CA,
    "CC": Epci.Kind.CC,
    "CU": Epci.Kind.CU,
    "METRO": Epci.Kind.METRO,
    "MET69": Epci.Kind.MET69,
    "EPT": Epci.Kind.EPT,
}


def _where(name, index, code=None):
    place = f"{name}, élément n° {index + 1}"
    return f"{place} (code {code})" if code else place


def _load_list(folder, name, report):
    path = folder / name
    if not path.is_file():
        report.error(name, f"fichier introuvable dans {folder}")
        return None
    try:
        data = json.loads(path.read_bytes().decode("utf-8-sig"))
    except UnicodeDecodeError:
        report.error(name, "le fichier n'est pas encodé en UTF-8")
        return None
    except json.JSONDecodeError as exc:
        report.error(
            f"{name}, ligne {exc.lineno}, colonne {exc.colno}", f"JSON invalide ({exc.msg})"
        )
        return None
    if not isinstance(data, list):
        report.error(name, "une liste d'éléments est attendue à la racine du fichier")
        return None
    if not data:
        report.error(name, "le fichier ne contient aucun élément")
        return None
    return data


class _Items:
    """Walks the items of one file, recording every problem with its place."""

    def __init__(self, name, items, report):
        self.name, self.items, self.report = name, items, report
        self.seen = {}

    def __iter__(self):
        for index, item in enumerate(self.items):
            if not isinstance(item, dict):
                self.report.error(_where(self.name, index), "un objet JSON est attendu")
                continue
            yield index, item

    def text(self, index, item, key, pattern=None, code=None, label=None):
        value = item.get(key)
        where = _where(self.name, index, code)
        if value is None or (isinstance(value, str) and not value.strip()):
            self.report.error(where, f"champ « {key} » manquant ou vide")
            return None
        if not isinstance(value, str):
            self.report.error(where, f"champ « {key} » : texte attendu, {value!r} trouvé")
            return None
        value = value.strip()
        if pattern and not pattern.fullmatch(value):
            self.report.error(where, f"{label or key} « {value} » mal formé")
            return None
        return value

    def unique(self, index, code):
        """False (and an error) when `code` already appeared in this file."""
        if code in self.seen:
            self.report.error(
                _where(self.name, index, code),
                f"code en double (déjà à l'élément n° {self.seen[code] + 1})",
            )
            return False
        self.seen[code] = index
        return True


def _read_regions(data, report):
    items = _Items("regions.json", data, report)
    regions = {}
    for index, item in items:
        code = items.text(index, item, "code", REGION_CODE, label="code région")
        name = items.text(index, item, "nom", code=code)
        if code and name and items.unique(index, code):
            regions[code] = {"name": name}
    return regions


def _read_departments(data, regions, report):
    items = _Items("departements.json", data, report)
    departments = {}
    for index, item in items:
        code = items.text(index, item, "code", DEPARTMENT_CODE, label="code département")
        name = items.text(index, item, "nom", code=code)
        region = items.text(index, item, "region", REGION_CODE, code=code, label="code région")
        if region and region not in regions:
            report.error(
                _where(items.name, index, code), f"région « {region} » absente de regions.json"
            )
            region = None
        if code and name and region and items.unique(index, code):
            departments[code] = {"name": name, "region": region}
    return departments


def _read_epcis(data, report):
    """Return ({siren: values}, {commune code: (siren, index)})."""
    items = _Items("epci.json", data, report)
    epcis, members = {}, {}
    for index, item in items:
        key = "code" if "code" in item else "siren"
        siren = items.text(index, item, key, SIREN, label="SIREN")
        name = items.text(index, item, "nom", code=siren)
        kind = items.text(index, item, "type", code=siren)
        where = _where(items.name, index, siren)
        if kind and kind not in EPCI_KINDS:
            accepted = ", ".join(EPCI_KINDS)
            report.error(where, f"type d'EPCI « {kind} » inconnu (types acceptés : {accepted})")
            kind = None
        membres = item.get("membres")
        if not isinstance(membres, list) or not membres:
            report.error(where, "champ « membres » manquant ou vide (liste de communes attendue)")
            membres = []
        for rank, member in enumerate(membres):
            code = member.get("code") if isinstance(member, dict) else None
            if not isinstance(code, str) or not COMMUNE_CODE.fullmatch(code):
                report.error(where, f"membre n° {rank + 1} : code commune {code!r} mal formé")
                continue
            if code in members and members[code][0] != siren:
                report.error(
                    where,
                    f"la commune {code} est déjà membre de l'EPCI {members[code][0]} "
                    f"(élément n° {members[code][1] + 1})",
                )
                continue
            members[code] = (siren, index)
        if siren and name and kind and items.unique(index, siren):
            epcis[siren] = {"name": name, "kind": EPCI_KINDS[kind]}
    return epcis, members


def _population(items, index, item, code):
    value = item.get("population")
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        items.report.error(
            _where(items.name, index, code), f"population {value!r} : entier positif attendu"
        )
        return None
    return value


def _read_communes(data, departments, epcis, members, report):
    items = _Items("communes.json", data, report)
    communes = {}
    skipped = 0
    for index, item in items:
        kind = items.text(index, item, "type", code=item.get("code"))
        if kind != CURRENT_COMMUNE:
            skipped += kind is not None
            continue
        code = items.text(index, item, "code", COMMUNE_CODE, label="code commune")
        where = _where(items.name, index, code)
        name = items.text(index, item, "nom", code=code)
        department = items.text(index, item, "departement", DEPARTMENT_CODE, code=code)
        if department and department not in departments:
            report.error(where, f"département « {department} » absent de departements.json")
            department = None
        population = _population(items, index, item, code)
        epci = members[code][0] if code in members else None
        own = item.get("epci")
        if own:
            if own not in epcis:
                report.error(where, f"EPCI « {own} » absent de epci.json")
            elif epci and own != epci:
                report.error(where, f"EPCI « {own} » contredit epci.json, qui la place dans {epci}")
            epci = epci or own
        former = item.get("anciensCodes") or []
        if not isinstance(former, list) or not all(
            isinstance(c, str) and COMMUNE_CODE.fullmatch(c) for c in former
        ):
            report.error(where, "champ « anciensCodes » : liste de codes communes attendue")
            former = []
        if code and name and department and items.unique(index, code):
            communes[code] = {
                "name": name,
                "department": department,
                "epci": epci,
                "population": population,
                "former_codes": sorted(set(former)),
            }
    for code, (siren, index) in sorted(members.items()):
        if code not in communes and code not in items.seen:
            report.error(
                _where("epci.json", index, siren),
                f"la commune membre {code} n'est pas une commune actuelle de communes.json",
            )
    return communes, skipped


def import_cog(folder, *, dry_run=False):
    """Import regions, departments, EPCI and current communes from `folder`.

    Returns an ImportReport; raises ImportRejected, having written nothing, when any file
    is missing or malformed.
    """
    started = time.monotonic()
    folder = Path(folder)
    report = ImportReport(source=str(folder), dry_run=dry_run)
    data = {name: _load_list(folder, name, report) for name in FILES}
    if report.errors:
        raise ImportRejected(report)

    regions = _read_regions(data["regions.json"], report)
    departments = _read_departments(data["departements.json"], regions, report)
    epcis, members = _read_epcis(data["epci.json"], report)
    communes, skipped = _read_communes(data["communes.json"], departments, epcis, members, report)
    if report.errors:
        raise ImportRejected(report)

    with transaction.atomic():
        region_ids = upsert_by_key(
            Region.objects.all(), "code", regions, report.tally("regions", "régions", True)
        )
        department_ids = upsert_by_key(
            Department.objects.all(),
            "code",
            {
                code: {"name": v["name"], "region_id": region_ids[v["region"]]}
                for code, v in departments.items()
            },
            report.tally("departments", "départements"),
        )
        epci_ids = upsert_by_key(Epci.objects.all(), "siren", epcis, report.tally("epcis", "EPCI"))
        commune_ids = upsert_by_key(
            Commune.objects.all(),
            "code_insee",
            {
                code: {
                    "name": v["name"],
                    "department_id": department_ids[v["department"]],
                    "epci_id": epci_ids[v["epci"]] if v["epci"] else None,
                    "population": v["population"],
                    "former_codes": v["former_codes"],
                }
                for code, v in communes.items()
            },
            report.tally("communes", "communes", True),
        )
        if dry_run:
            transaction.set_rollback(True)

    report.notes.append(
        f"Éléments de communes.json ignorés (communes déléguées, associées, arrondissements "
        f"municipaux) : {skipped}"
    )
    without_epci = sum(1 for v in communes.values() if not v["epci"])
    if without_epci:
        report.notes.append(f"Communes sans EPCI : {without_epci}")
    absent = len(commune_ids.keys() - communes.keys())
    if absent:
        report.notes.append(f"Communes de la base absentes des fichiers (conservées) : {absent}")
    report.seconds = time.monotonic() - started
    return report
