"""The real programme for the demo: the 148 territories of the 2019 phase, their regions,
departments and EPCI, so that the national views show the programme as it was.

1. The official geography comes from the pinned package @etalab/decoupage-administratif
   (`settings.REFERENTIAL_DIR`, fetched by `make demo` and `make referential`), imported
   with the referential's own importer once: a later start finds the communes in the
   database (the demo's SQLite file) and does not import them again.
2. The territories come from the shared file `territoires-industrie-2019-communes.csv`
   (`settings.SHARED_DATA_DIR`, read by path) through `import_territories`, skipped when
   every territory of the file already holds its communes.
3. Without the package (offline, never fetched), a minimal geography is written from the
   shared files instead (regions, departments, member EPCI; no communes).
4. Without the shared file, nothing: the demo keeps its two territories and says so.

Every territory of the list is labelled: the ones without a stage get "labellisé", recorded
like any stage move. Only 4403's date (22 November 2018) is known; the others are dated
from the programme's launch, the same day (their move and their `labelled_on`), and the
comment says so. One later step is
known from the article's sources: Sud Alsace (4410) signed its contract on 18 March 2019
(`record_known_steps`); the other territories' later steps are not in the shared data,
so they stay "labellisé". No fiche is written
here: the fiches stay those of the article (4403) and the examples (`loader.py`).
"""

import csv
import datetime
from pathlib import Path

from django.utils import timezone

from territoires.programmes.models import Stage
from territoires.referential.importers.cog import import_cog
from territoires.referential.importers.territories import import_territories
from territoires.referential.models import Commune, Territory
from territoires.referential.services import change_territory_stage

from .scale import geography, sources

LABELLED_STAGE = "labellise"
PROGRAMME_LAUNCH = datetime.date(2018, 11, 22)
LABEL_COMMENT = (
    "Territoire de la liste officielle des territoires d'industrie 2019 (démonstration). "
    "Date exacte de labellisation non reprise : date du lancement du programme."
)


def load_real_territories(programme, *, data_dir, cog_dir) -> list[str]:
    """Put the programme's 2019 territories in the database; return what was done, in
    French, one line each (printed by `load_demo`)."""
    data_dir, cog_dir = Path(data_dir), Path(cog_dir)
    communes_file = data_dir / sources.COMMUNES_FILE
    if not communes_file.is_file():
        return [
            f"Territoires d'industrie 2019 non chargés : {communes_file} absent. "
            "La démonstration se limite aux territoires 4403 et 4412 (SHARED_DATA pour un "
            "autre dossier)."
        ]
    lines = []
    if not Commune.objects.exists() and (cog_dir / "communes.json").is_file():
        report = import_cog(cog_dir)
        lines.append(
            f"Référentiel officiel importé depuis {cog_dir} ({report.seconds:.1f} s) : "
            + " ; ".join(report.summary_lines()[:4])
        )
    if Commune.objects.exists():
        codes = _territory_codes(communes_file)
        if _already_imported(programme, codes):
            lines.append(
                f"Territoires d'industrie 2019 déjà chargés ({len(codes)} territoires, "
                "référentiel officiel)."
            )
        else:
            report = import_territories(communes_file, programme_slug=programme.slug)
            lines.append(
                f"Territoires d'industrie 2019 importés depuis {communes_file.name} "
                f"({report.seconds:.1f} s) : " + " ; ".join(report.summary_lines()[:2])
            )
    else:
        try:
            real = sources.read_territories(data_dir)
        except sources.MissingData as exc:
            return [f"Territoires d'industrie 2019 non chargés : {exc}"]
        projects_file = data_dir / sources.PROJECTS_FILE
        projects = sources.read_projects(data_dir) if projects_file.is_file() else []
        geography.minimal_geography(real, projects, programme)
        lines.append(
            f"Territoires d'industrie 2019 chargés depuis {data_dir} ({len(real)} territoires) "
            f"sur une géographie minimale : référentiel officiel absent de {cog_dir} "
            "(make demo ou make referential le récupère)."
        )
    return lines


def _territory_codes(path):
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return {row["code_terrind"].strip() for row in csv.DictReader(handle)}


def _already_imported(programme, codes):
    """Whether every territory of the file exists and holds communes."""
    through = Territory.communes.through
    holding = (
        through.objects.filter(territory__programme=programme, territory__code__in=codes)
        .values("territory_id")
        .distinct()
        .count()
    )
    return holding == len(codes)


# Steps a public source dates (the seed article's "Pour en savoir plus"): code, stage, day.
KNOWN_STEPS = (("4410", "contrat-signe", datetime.date(2019, 3, 18)),)
KNOWN_STEP_COMMENT = (
    "Source : « Signature du contrat « Territoire d'Industrie Sud Alsace » le 18 mars 2019 » "
    "(article de présentation du programme)."
)


def record_known_steps(programme):
    """Record the later steps a source dates (KNOWN_STEPS) for the territories still at
    an earlier stage; return how many were recorded. Run after `label_territories`."""
    count = 0
    for code, stage_code, day in KNOWN_STEPS:
        territory = (
            Territory.objects.select_related("stage").filter(programme=programme, code=code).first()
        )
        stage = Stage.objects.filter(programme=programme, code=stage_code).first()
        if territory is None or stage is None or territory.stage is None:
            continue
        if territory.stage.position >= stage.position:
            continue
        at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))
        change_territory_stage(
            territory,
            stage,
            acting_user=None,
            comment=KNOWN_STEP_COMMENT,
            at=at,
            reached_on=day,
        )
        count += 1
    return count


def label_territories(programme):
    """Record "labellisé" for each territory of the programme without a stage; return how
    many. A territory without a label date takes the programme's launch, the day of that
    recorded move: the bilan of a day before it counts none (no longer those 147)."""
    stage = Stage.objects.get(programme=programme, code=LABELLED_STAGE)
    at = timezone.make_aware(datetime.datetime.combine(PROGRAMME_LAUNCH, datetime.time(12)))
    Territory.objects.filter(programme=programme, labelled_on__isnull=True).update(
        labelled_on=PROGRAMME_LAUNCH
    )
    unlabelled = Territory.objects.filter(programme=programme, stage__isnull=True).order_by("code")
    count = 0
    for territory in unlabelled:
        change_territory_stage(territory, stage, acting_user=None, comment=LABEL_COMMENT, at=at)
        count += 1
    return count
