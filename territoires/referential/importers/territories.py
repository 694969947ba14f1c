"""Import of a programme's territories from a commune → territory CSV file.

Columns: code_commune, code_terrind (4 digits: INSEE region code + sequence, e.g. 4403),
libelle_terrind. Each territory gets its communes; its departments and its EPCI (with the
number of the EPCI's communes it holds) are derived from the communes of the referential,
which import_cog fills. One bad line rejects the whole file.
"""

import csv
import re
import time
from collections import Counter
from pathlib import Path

from django.db import transaction

from territoires.core.tabular import UnclosedQuote, csv_records, text_problem
from territoires.programmes.models import Programme
from territoires.programmes.services import TERRITOIRES_D_INDUSTRIE, ensure_territoires_d_industrie

from ..models import Commune, Region, Territory, TerritoryEpci
from .report import ImportRejected, ImportReport
from .sync import BATCH_SIZE, sync_pairs, upsert_by_key

COLUMNS = ("code_commune", "code_terrind", "libelle_terrind")
COMMUNE_CODE = re.compile(r"\d{5}|2[AB]\d{3}")
TERRITORY_CODE = re.compile(r"\d{4}")
MAX_LENGTHS = {"libelle_terrind": Territory._meta.get_field("name").max_length}


def _decode(raw, report):
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        report.warn("", "fichier non UTF-8 : lu comme Windows-1252")
        return raw.decode("cp1252", errors="replace")


def _delimiter(first_line):
    counts = {sep: first_line.count(sep) for sep in (",", ";", "\t")}
    return max(counts, key=counts.get)


def _commune_code_error(code):
    if not code:
        return "code commune vide"
    if re.fullmatch(r"\d{4}", code):
        return f"code commune « {code} » mal formé : 5 caractères attendus (zéro initial perdu ?)"
    return (
        f"code commune « {code} » mal formé : 5 chiffres attendus, ou 2A/2B et 3 chiffres "
        "en Corse (52121, 2A004)"
    )


class _Referential:
    """The communes and regions of the database, loaded once."""

    def __init__(self):
        self.communes = {}
        self.former = {}
        self.communes_per_epci = Counter()
        rows = Commune.objects.values_list(
            "pk", "code_insee", "name", "department_id", "epci_id", "former_codes"
        )
        for pk, code, name, department_id, epci_id, former_codes in rows:
            self.communes[code] = (pk, name, department_id, epci_id)
            for former in former_codes or ():
                self.former[former] = code
            if epci_id:
                self.communes_per_epci[epci_id] += 1
        self.regions = dict(Region.objects.values_list("code", "pk"))


def _read_rows(path, report):
    """Yield (line number, {column: value}) for each data line; record format errors."""
    raw = Path(path).read_bytes()
    text = _decode(raw, report)
    if not text.strip():
        report.error("", "le fichier est vide")
        return
    delimiter = _delimiter(text.splitlines()[0])
    records = csv_records(text, delimiter)
    try:
        _, header = next(records)
    except (UnclosedQuote, csv.Error) as exc:
        report.error("", str(exc))
        return
    header = [name.strip().lower() for name in header]
    missing = [name for name in COLUMNS if name not in header]
    if missing:
        report.error(
            "ligne 1",
            f"colonne(s) manquante(s) : {', '.join(missing)} "
            f"(colonnes attendues : {', '.join(COLUMNS)})",
        )
        return
    positions = {name: header.index(name) for name in COLUMNS}
    seen_data = False
    while True:
        try:
            line, row = next(records)
        except StopIteration:
            break
        except (UnclosedQuote, csv.Error) as exc:
            report.error("", str(exc))
            break
        if not any(cell.strip() for cell in row):
            continue
        seen_data = True
        if len(row) <= max(positions.values()):
            report.error(f"ligne {line}", f"{len(header)} colonnes attendues, {len(row)} trouvées")
            continue
        values = {name: row[index].strip() for name, index in positions.items()}
        problems = {
            name: text_problem(value, MAX_LENGTHS.get(name)) for name, value in values.items()
        }
        for name, problem in problems.items():
            if problem:
                report.error(f"ligne {line}, colonne {name}", problem)
        if not any(problems.values()):
            yield line, values
    if not seen_data:
        report.error("", "le fichier ne contient aucune ligne de données")


def _read_territories(path, referential, report):
    """Return {territory code: {"name", "region", "communes": {commune pk}}}."""
    territories = {}
    first_line = {}
    former_codes = 0
    placed = {}  # commune pk → (territory code, line, code as written)
    for line, row in _read_rows(path, report):
        where = f"ligne {line}"
        code, label = row["code_terrind"], row["libelle_terrind"]
        commune_code = row["code_commune"].upper()
        problems = []
        if not TERRITORY_CODE.fullmatch(code):
            problems.append(f"code territoire « {code} » mal formé : 4 chiffres attendus")
        elif code[:2] not in referential.regions:
            problems.append(
                f"région « {code[:2]} » (deux premiers chiffres de {code}) inconnue du référentiel"
            )
        if not label:
            problems.append("libellé du territoire vide")
        commune = None
        if not COMMUNE_CODE.fullmatch(commune_code):
            problems.append(_commune_code_error(commune_code))
        elif commune_code in referential.communes:
            commune = referential.communes[commune_code]
        elif commune_code in referential.former:
            current = referential.former[commune_code]
            commune = referential.communes[current]
            former_codes += 1
            report.detail(
                where,
                f"ancienne commune {commune_code} rattachée à la commune actuelle "
                f"{current} {commune[1]}",
            )
        else:
            problems.append(f"commune « {commune_code} » inconnue du référentiel")
        for problem in problems:
            report.error(where, problem)
        if problems:
            continue
        territory = territories.get(code)
        if territory is None:
            territory = territories[code] = {"name": label, "region": code[:2], "communes": set()}
            first_line[code] = line
        elif territory["name"] != label:
            report.error(
                where,
                f"libellé « {label} » différent de celui de la ligne {first_line[code]} "
                f"pour le territoire {code} (« {territory['name']} »)",
            )
            continue
        pk = commune[0]
        if pk in placed:
            other, other_line, other_code = placed[pk]
            if other != code:
                report.error(
                    where,
                    f"la commune {commune_code} est déjà rattachée au territoire {other} "
                    f"(ligne {other_line})",
                )
            elif other_code == commune_code:
                report.warn(
                    where, f"commune {commune_code} en double (ligne {other_line}), ignorée"
                )
            else:
                report.detail(
                    where,
                    f"{commune_code} et {other_code} (ligne {other_line}) désignent la même "
                    f"commune actuelle {commune[1]}",
                )
            continue
        placed[pk] = (code, line, commune_code)
        territory["communes"].add(pk)
    if former_codes:
        report.notes.append(
            "Codes d'anciennes communes (fusionnées) rattachés à leur commune actuelle : "
            f"{former_codes}"
        )
    return territories


def _programme(slug, report):
    if slug in (None, TERRITOIRES_D_INDUSTRIE):
        return ensure_territoires_d_industrie()
    programme = Programme.objects.filter(slug=slug).first()
    if programme is None:
        report.error("", f"programme « {slug} » introuvable")
        raise ImportRejected(report)
    return programme


def import_territories(path, *, programme_slug=None, phase="2019", dry_run=False):
    """Create or update the territories of a programme from the CSV file at `path`.

    Returns an ImportReport; raises ImportRejected, having written nothing, when the file
    is malformed or names a commune the referential does not know.
    """
    started = time.monotonic()
    report = ImportReport(source=str(path), dry_run=dry_run)
    if not Path(path).is_file():
        report.error("", "fichier introuvable")
        raise ImportRejected(report)
    referential = _Referential()
    if not referential.communes:
        report.error("", "le référentiel des communes est vide : lancez d'abord import_cog")
        raise ImportRejected(report)
    territories = _read_territories(path, referential, report)
    if report.errors:
        raise ImportRejected(report)

    with transaction.atomic():
        programme = _programme(programme_slug, report)
        _write(programme, territories, phase, referential, report)
        if dry_run:
            transaction.set_rollback(True)
    report.seconds = time.monotonic() - started
    return report


def _write(programme, territories, phase, referential, report):
    scope = Territory.objects.filter(programme=programme)
    tally = report.tally("territories", "territoires")
    changed = set()
    ids = upsert_by_key(
        scope,
        "code",
        {
            code: {
                "programme_id": programme.pk,
                "name": t["name"],
                "region_id": referential.regions[t["region"]],
                "phase": phase,
            }
            for code, t in territories.items()
        },
        tally,
        changed,
    )
    by_pk = {ids[code]: code for code in territories}
    commune_rows = {row[0]: row for row in referential.communes.values()}

    wanted_communes, wanted_departments = set(), set()
    in_territory = Counter()  # (territory pk, epci pk) → communes of the EPCI in the territory
    for code, territory in territories.items():
        pk = ids[code]
        for commune_pk in territory["communes"]:
            _, _, department_id, epci_id = commune_rows[commune_pk]
            wanted_communes.add((pk, commune_pk))
            wanted_departments.add((pk, department_id))
            if epci_id:
                in_territory[(pk, epci_id)] += 1

    touched = set()
    for through, right, wanted in (
        (Territory.communes.through, "commune_id", wanted_communes),
        (Territory.departments.through, "department_id", wanted_departments),
    ):
        added, removed = sync_pairs(
            through, "territory_id", right, wanted, through.objects.filter(territory_id__in=by_pk)
        )
        touched |= {pair[0] for pair in added | removed}
    touched |= _sync_memberships(by_pk, in_territory, referential, report)

    # A territory whose own fields are unchanged but whose communes or EPCI changed is
    # an updated territory too.
    links_only = {by_pk[pk] for pk in touched} - changed
    tally.updated += len(links_only)
    tally.unchanged -= len(links_only)

    absent = scope.exclude(code__in=territories.keys()).count()
    if absent:
        report.notes.append(
            f"Territoires du programme absents du fichier (conservés, non modifiés) : {absent}"
        )
    partial = sum(
        1
        for (_, epci_id), count in in_territory.items()
        if count < referential.communes_per_epci[epci_id]
    )
    report.notes.append(
        f"Communes rattachées : {len(wanted_communes)} ; "
        f"EPCI partiellement inclus dans un territoire : {partial}"
    )
    without_epci = len(wanted_communes) - sum(in_territory.values())
    if without_epci:
        report.notes.append(f"Communes sans EPCI dans les territoires : {without_epci}")


def _sync_memberships(by_pk, in_territory, referential, report):
    """Make TerritoryEpci match the communes; return the pks of the territories touched."""
    tally = report.tally("epci_links", "rattachements territoire–EPCI")
    wanted = {
        pair: (count, referential.communes_per_epci[pair[1]])
        for pair, count in in_territory.items()
    }
    existing = {
        (row.territory_id, row.epci_id): row
        for row in TerritoryEpci.objects.filter(territory_id__in=by_pk)
    }
    to_create, to_update = [], []
    for (territory_id, epci_id), (count, total) in sorted(wanted.items()):
        row = existing.get((territory_id, epci_id))
        if row is None:
            to_create.append(
                TerritoryEpci(
                    territory_id=territory_id,
                    epci_id=epci_id,
                    communes_in_territory=count,
                    communes_in_epci=total,
                )
            )
        elif (row.communes_in_territory, row.communes_in_epci) != (count, total):
            row.communes_in_territory, row.communes_in_epci = count, total
            to_update.append(row)
        else:
            tally.unchanged += 1
    stale = [row for pair, row in existing.items() if pair not in wanted]
    TerritoryEpci.objects.bulk_create(to_create, batch_size=BATCH_SIZE)
    TerritoryEpci.objects.bulk_update(
        to_update, ["communes_in_territory", "communes_in_epci"], batch_size=BATCH_SIZE // 2
    )
    TerritoryEpci.objects.filter(pk__in=[row.pk for row in stale]).delete()
    tally.created += len(to_create)
    tally.updated += len(to_update)
    tally.deleted += len(stale)
    return {row.territory_id for row in [*to_create, *to_update, *stale]}
