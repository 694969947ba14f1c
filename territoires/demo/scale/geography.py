"""Geography and territories of a generated national programme.

The referential comes first: when the database already holds the communes (`make
referential`), it is used as is; when `var/cog` holds the fetched package, it is imported
with the project's importers (seconds); otherwise a minimal geography consistent with the
territories is written from the shared files (regions, departments, member EPCI, no
communes). The 148 real territories of 2019 come next, then extra example territories of
the 2023 phase, coded like the real ones (INSEE region code + sequence), until the count of
the requested scale is reached.
"""

import datetime
import re
from collections import Counter, defaultdict
from pathlib import Path

from territoires.referential.importers.cog import import_cog
from territoires.referential.importers.territories import import_territories
from territoires.referential.models import (
    Commune,
    Department,
    Epci,
    Region,
    StageChange,
    Territory,
)

from . import sources
from .sources import _PARTICLES

REAL_LABELLED_ON = datetime.date(2018, 11, 22)
EXTRA_LABELLED_ON = datetime.date(2023, 6, 29)
EXTRA_PREFIXES = ("Bassin de", "Pays de", "Vallée de", "Portes de", "Cœur de", "Plaine de")


def default_cog_dir() -> Path:
    """The fetched referential package: `settings.REFERENTIAL_DIR` (`make referential`,
    `make demo`) when it is there, else var/cog/package/data (`npm pack` by hand)."""
    from django.conf import settings

    fetched = Path(settings.REFERENTIAL_DIR)
    if (fetched / "communes.json").is_file():
        return fetched
    return Path(settings.BASE_DIR) / "var" / "cog" / "package" / "data"


def prepare_referential(data_dir, cog_dir, log):
    """Make sure the referential and the 148 territories of 2019 are in the database.

    Returns "cog" when the full referential is there, "minimal" otherwise."""
    if not Commune.objects.exists() and cog_dir and (Path(cog_dir) / "communes.json").is_file():
        report = import_cog(cog_dir)
        log(f"Référentiel importé depuis {cog_dir} ({report.seconds:.1f} s).")
    if Commune.objects.exists():
        communes_file = Path(data_dir) / sources.COMMUNES_FILE
        report = import_territories(communes_file)
        log(f"Territoires 2019 importés depuis {communes_file} ({report.seconds:.1f} s).")
        return "cog"
    return "minimal"


def minimal_geography(real_territories, projects, programme):
    """Regions, departments, EPCI and the 148 territories from the shared files only."""
    region_names = {t.region_code: t.region_name for t in real_territories}
    for code, name in region_names.items():
        Region.objects.get_or_create(code=code, defaults={"name": name})
    regions = dict(Region.objects.values_list("code", "pk"))
    region_by_name = {name: code for code, name in region_names.items()}
    names = sources.department_names(projects)
    wanted = set().union(*(t.department_codes for t in real_territories)) | set(names)
    by_code = {t.code: t for t in real_territories}
    for code in sorted(wanted):
        name, region_name = names.get(code, (f"Département {code}", ""))
        region_code = region_by_name.get(region_name)
        if region_code is None:
            owner = next((t for t in by_code.values() if code in t.department_codes), None)
            region_code = owner.region_code if owner else None
        if region_code is None:
            continue  # overseas collectivities outside the programme's regions
        Department.objects.get_or_create(
            code=code, defaults={"name": name, "region_id": regions[region_code]}
        )
    existing = set(Epci.objects.values_list("siren", flat=True))
    Epci.objects.bulk_create(
        [
            Epci(siren=siren, name=name, kind=kind)
            for siren, name, kind in {(e[0], e[1], e[2]) for t in real_territories for e in t.epcis}
            if siren not in existing
        ]
    )
    epcis = dict(Epci.objects.values_list("siren", "pk"))
    departments = dict(Department.objects.values_list("code", "pk"))
    present = set(Territory.objects.filter(programme=programme).values_list("code", flat=True))
    Territory.objects.bulk_create(
        [
            Territory(
                programme=programme,
                code=t.code,
                name=t.name,
                region_id=regions[t.region_code],
                phase="2019",
            )
            for t in real_territories
            if t.code not in present
        ]
    )
    territory_ids = dict(Territory.objects.filter(programme=programme).values_list("code", "pk"))
    links = Territory.epcis.through
    links.objects.bulk_create(
        [
            links(
                territory_id=territory_ids[t.code],
                epci_id=epcis[siren],
                communes_in_territory=in_territory,
                communes_in_epci=in_epci,
            )
            for t in real_territories
            for siren, _name, _kind, in_territory, in_epci in t.epcis
        ],
        ignore_conflicts=True,
    )
    through = Territory.departments.through
    through.objects.bulk_create(
        [
            through(territory_id=territory_ids[t.code], department_id=departments[code])
            for t in real_territories
            for code in t.department_codes
            if code in departments
        ],
        ignore_conflicts=True,
    )


def commune_label(raw: str) -> str:
    """ "SAINT MAURICE DE BEYNOST" → "Saint-Maurice-de-Beynost", "LE MANS" → "Le Mans" (the
    Fonds vert file writes communes in capitals without hyphens)."""
    words = [w for w in re.split(r"[\s-]+", raw.strip().lower()) if w]
    article = ""
    if len(words) > 1 and words[0] in ("le", "la", "les"):
        article = words.pop(0).capitalize() + " "
    out = []
    for index, word in enumerate(words):
        if index and word in _PARTICLES:
            out.append(word)
        elif "'" in word:
            head, _, tail = word.partition("'")
            out.append(f"{head if index else head.capitalize()}'{tail.capitalize()}")
        else:
            out.append(word.capitalize())
    return article + "-".join(out)


def of_place(name: str) -> str:
    """ "de" + a place name, with French elision and contraction."""
    if name.startswith("Le "):
        return f"du {name[3:]}"
    if name.startswith("Les "):
        return f"des {name[4:]}"
    if name[:1].lower() in "aeiouyhéèâîô":
        return f"d'{name}"
    return f"de {name}"


def extra_territory_name(prefix: str, commune: str) -> str:
    return f"{prefix.rsplit(' ', 1)[0]} {of_place(commune)}"


def add_extra_territories(count, programme, projects, rng):
    """`count` example territories of the 2023 phase, spread over the regions like the real
    ones, each named after a commune of the region that holds Fonds vert projects."""
    if count <= 0:
        return []
    territories = list(Territory.objects.filter(programme=programme).select_related("region"))
    per_region = Counter(t.region.code for t in territories)
    sequence = defaultdict(int)
    for t in territories:
        match = re.fullmatch(rf"{re.escape(t.region.code)}(\d+)", t.code)
        if match:
            sequence[t.region.code] = max(sequence[t.region.code], int(match.group(1)))
    regions = {r.code: r for r in Region.objects.all()}
    departments = {
        d.code: d
        for d in Department.objects.filter(region__code__in=per_region.keys()).select_related(
            "region"
        )
    }
    communes_by_region = defaultdict(list)
    seen = set()
    for project in projects:
        department = departments.get(project.department_code)
        key = (project.department_code, project.commune)
        if department is None or not project.commune or key in seen:
            continue
        seen.add(key)
        communes_by_region[department.region.code].append(
            (department, project.commune, project.commune_code)
        )
    total = sum(per_region.values())
    shares = {code: n / total for code, n in per_region.items() if communes_by_region.get(code)}
    weight = sum(shares.values())
    plan = Counter()
    for code, share in sorted(shares.items()):
        plan[code] = int(count * share / weight)
    for code, _share in sorted(shares.items(), key=lambda item: -item[1]):
        if sum(plan.values()) >= count:
            break
        plan[code] += 1
    taken_names = {t.name for t in territories}
    new = []
    new_departments = []
    chief_towns = []
    for code in sorted(plan):
        pool = communes_by_region[code]
        rng.shuffle(pool)
        for index in range(plan[code]):
            department, commune, commune_code = pool[index % len(pool)]
            label = commune_label(commune)
            name = extra_territory_name(rng.choice(EXTRA_PREFIXES), label)
            suffix = 2
            base = name
            while name in taken_names:
                name = f"{base} {suffix}"
                suffix += 1
            taken_names.add(name)
            sequence[code] += 1
            number = sequence[code]
            new.append(
                Territory(
                    programme=programme,
                    code=f"{code}{number:02d}" if number < 100 else f"{code}{number:03d}",
                    name=name[:200],
                    region=regions[code],
                    phase="2023",
                    labelled_on=EXTRA_LABELLED_ON,
                    is_example=True,
                )
            )
            new_departments.append(department)
            chief_towns.append(commune_code)
    Territory.objects.bulk_create(new, batch_size=1000)
    through = Territory.departments.through
    through.objects.bulk_create(
        [
            through(territory_id=t.pk, department_id=d.pk)
            for t, d in zip(new, new_departments, strict=True)
        ],
        batch_size=2000,
    )
    _link_epcis(new, chief_towns)
    return new


def _link_epcis(territories, commune_codes):
    """With the full referential, each extra territory holds the EPCI of the commune it is
    named after (one EPCI may sit in several territories, as in the real list)."""
    epci_of = dict(
        Commune.objects.filter(code_insee__in=set(commune_codes), epci__isnull=False).values_list(
            "code_insee", "epci_id"
        )
    )
    if not epci_of:
        return
    sizes = Counter(
        Commune.objects.filter(epci_id__in=set(epci_of.values())).values_list("epci_id", flat=True)
    )
    links = Territory.epcis.through
    links.objects.bulk_create(
        [
            links(
                territory_id=territory.pk,
                epci_id=epci_of[code],
                communes_in_territory=sizes[epci_of[code]],
                communes_in_epci=sizes[epci_of[code]],
            )
            for territory, code in zip(territories, commune_codes, strict=True)
            if code in epci_of
        ],
        batch_size=2000,
        ignore_conflicts=True,
    )


# Real territories reach later stages more often: they have been in the programme longer.
STAGE_ODDS = {"2019": (1, 0.9, 0.75, 0.5, 0.25), "2023": (1, 0.7, 0.4, 0.15, 0.05)}


def record_stages(territories, programme, rng):
    """Each territory without a stage moves from labelled through the next stages, each move
    recorded as a StageChange (and in the audit log) by its Région's account. Returns the
    number of moves."""
    from territoires.accounts.models import Scope
    from territoires.audit import values
    from territoires.audit.models import AuditEvent

    stages = list(programme.stages.order_by("position"))
    region_users = dict(
        Scope.objects.filter(kind=Scope.Kind.REGION).values_list("region_id", "user_id")
    )
    changes = []
    events = []
    moved = []
    for territory in territories:
        if territory.stage_id is not None:
            continue
        odds = STAGE_ODDS["2023" if territory.phase == "2023" else "2019"]
        when = datetime.datetime.combine(
            territory.labelled_on or REAL_LABELLED_ON, datetime.time(12), tzinfo=datetime.UTC
        )
        previous = None
        for stage, chance in zip(stages, odds, strict=False):
            if rng.random() > chance:
                break
            changes.append(
                StageChange(
                    territory_id=territory.pk,
                    from_stage=previous,
                    to_stage=stage,
                    by_id=region_users.get(territory.region_id),
                    at=when,
                )
            )
            events.append(
                AuditEvent(
                    verb="territory.stage_changed",
                    object_type="referential.territory",
                    object_id=territory.pk,
                    object_label=str(territory)[:300],
                    territory_id=territory.pk,
                    actor_id=region_users.get(territory.region_id),
                    at=when,
                    changes=[
                        {
                            "field": "stage",
                            "kind": values.REF,
                            "old": values.ref(previous),
                            "new": values.ref(stage),
                        }
                    ],
                )
            )
            previous = stage
            when += datetime.timedelta(days=rng.randint(60, 300))
        if previous is not None:
            territory.stage = previous
            moved.append(territory)
    StageChange.objects.bulk_create(changes, batch_size=5000)
    AuditEvent.objects.bulk_create(events, batch_size=5000)
    Territory.objects.bulk_update(moved, ["stage"], batch_size=2000)
    return len(changes)
