"""A national programme at scale, for measuring: `manage.py generate_scale --factor N`.

×1 is about today's national programme: 183 territories (the 148 real territories of 2019
and example territories of the 2023 phase), about 2,400 fiches action and 12,500 history
rows, with directories and accounts; ×10 has ten times as many territories and fiches.
Below ×1 the 148 real territories stay and only the content shrinks. Everything generated
is marked as example content (`is_example`); the content is drawn from the shared real data
sets (`../shared/data/`, see `sources`). One transaction: a failed run leaves nothing.
"""

import random
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from territoires.accounts.models import User
from territoires.funding.importers.schemes import import_schemes
from territoires.plans.models import ActionSheet
from territoires.programmes.services import ensure_territoires_d_industrie
from territoires.referential.models import Territory

from . import directory, geography, sheets, sources

TERRITORIES_AT_1 = 183
SHEETS_AT_1 = 2400
LARGEST_PLAN = 300
LARGEST_CODE = "4403"


class AlreadyGenerated(Exception):
    """The database already holds generated data."""


@dataclass
class ScaleReport:
    factor: float
    referential: str = ""
    counts: dict = field(default_factory=dict)
    seconds: float = 0.0
    password: str = directory.PASSWORD
    national_email: str = directory.NATIONAL_EMAIL
    largest_territory: str = ""
    smallest_territory: str = ""


def already_generated() -> bool:
    return User.objects.filter(email=directory.NATIONAL_EMAIL).exists()


def generate(factor, *, data_dir=None, cog_dir=None, seed=2019, log=print) -> ScaleReport:
    """Write a programme of `factor` times the national scale into the database."""
    if factor <= 0:
        raise ValueError("Le facteur doit être strictement positif.")
    if already_generated():
        raise AlreadyGenerated(
            "Cette base contient déjà des données générées (compte "
            f"{directory.NATIONAL_EMAIL}). Relancer dupliquerait tout : utilisez --reset sur "
            "une base de travail, qui efface toute la base avant de générer."
        )
    started = time.monotonic()
    data_dir = Path(data_dir) if data_dir else sources.default_data_dir()
    cog_dir = Path(cog_dir) if cog_dir else geography.default_cog_dir()
    rng = random.Random(seed)
    report = ScaleReport(factor=factor)

    real = sources.read_territories(data_dir)
    projects = sources.read_projects(data_dir)
    schemes = sources.read_schemes(data_dir)
    by_department = sources.projects_by_department(projects)
    log(
        f"Données lues : {len(real)} territoires 2019, {len(projects)} projets Fonds vert, "
        f"{len(schemes)} aides ({time.monotonic() - started:.1f} s)."
    )

    with transaction.atomic():
        programme = ensure_territoires_d_industrie()
        report.referential = geography.prepare_referential(data_dir, cog_dir, log)
        if report.referential == "minimal":
            geography.minimal_geography(real, projects, programme)
            log("Référentiel minimal écrit (régions, départements, EPCI des territoires).")
        Territory.objects.filter(
            programme=programme, code__in=[t.code for t in real], labelled_on__isnull=True
        ).update(labelled_on=geography.REAL_LABELLED_ON)
        present = Territory.objects.filter(programme=programme).count()
        wanted = max(present, round(TERRITORIES_AT_1 * factor))
        geography.add_extra_territories(wanted - present, programme, projects, rng)
        territories = list(
            Territory.objects.filter(programme=programme).select_related("region").order_by("code")
        )
        log(f"Territoires : {len(territories)} ({time.monotonic() - started:.1f} s).")

        # The catalogue and its financers, through the path of `import_schemes`.
        catalogue = import_schemes(Path(data_dir) / sources.SCHEMES_FILE, file_format="csv")
        log(
            f"Catalogue des dispositifs importé : {catalogue.tallies['schemes'].created} créés "
            f"({time.monotonic() - started:.1f} s)."
        )
        directories, counts = directory.build_directories(territories, by_department, rng)
        national, accounts, account_counts = directory.build_accounts(territories, directories)
        counts.update(account_counts)
        counts["stage_changes"] = geography.record_stages(territories, programme, rng)
        log(f"Annuaire et comptes écrits ({time.monotonic() - started:.1f} s).")

        totals = sheets.distribute(
            round(SHEETS_AT_1 * factor),
            [t.pk for t in territories],
            rng,
            largest_id=next((t.pk for t in territories if t.code == LARGEST_CODE), None),
            largest=LARGEST_PLAN,
        )
        departments_of = defaultdict(list)
        through = Territory.departments.through
        for territory_id, code in through.objects.filter(
            territory__programme=programme
        ).values_list("territory_id", "department__code"):
            departments_of[territory_id].append(code)
        taken = defaultdict(set)
        for territory_id, code in ActionSheet.objects.values_list("territory_id", "code"):
            taken[territory_id].add(code)
        factory = sheets.SheetFactory(
            axes={axis.code: axis for axis in programme.axes.all()},
            projects_by_department=by_department,
            all_projects=projects,
            schemes=schemes,
            rng=rng,
            now=sheets.now(),
        )
        items = []
        for territory in territories:
            items += factory.build(
                territory,
                totals[territory.pk],
                directories[territory.pk],
                accounts[territory.pk],
                departments_of[territory.pk],
                taken[territory.pk],
            )
        log(f"{len(items)} fiches construites et validées ({time.monotonic() - started:.1f} s).")
        counts.update(sheets.write(items, rng))
        counts["territories"] = len(territories)
    by_count = sorted(
        ((n, t.code) for t in territories if (n := totals[t.pk]) > 0), key=lambda x: x
    )
    if by_count:
        report.smallest_territory = by_count[0][1]
        report.largest_territory = by_count[-1][1]
    report.counts = counts
    report.seconds = time.monotonic() - started
    return report
