"""The fiches action of a generated programme, with their steps, indicators, links, workflow
moves and history.

Titles are Fonds vert projects of the territory's departments; contexts and objectives
come from Aides-territoires schemes; porteurs, pilots, presenters and partners come from
the territory's directory (the rule the services apply). Each fiche is checked with the
model's own validation (`full_clean`, foreign keys excepted: they are taken from rows
just written) before a bulk insert. Its life is replayed in time order: created as a
draft, moved through the workflow, edited now and then (budget, end date, publication,
objectives, priority), sometimes deleted; every event is a history row and every status
move a workflow record, and the fiche's version is the number of its history rows.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import prefetch_related_objects
from django.utils import timezone

from territoires.audit import values
from territoires.audit.models import AuditEvent
from territoires.core.text import natural_key
from territoires.demo.scale.directory import beneficiary_name
from territoires.plans import history, workflow
from territoires.plans.models import (
    ActionSheet,
    Indicator,
    Link,
    Priority,
    Status,
    StatusTransition,
    Step,
    Tag,
    Visibility,
)

TAGS = (
    "foncier",
    "friches",
    "formation",
    "apprentissage",
    "recrutement",
    "mobilité",
    "innovation",
    "transition écologique",
    "décarbonation",
    "numérique",
    "industrie du futur",
    "attractivité",
    "logement",
    "compétences",
    "export",
    "énergie",
    "eau",
    "simplification",
    "ingénierie",
    "économie circulaire",
)
STEP_TITLES = (
    "Étude de faisabilité",
    "Comité de pilotage de lancement",
    "Consultation des entreprises du territoire",
    "Dépôt du dossier de financement",
    "Recrutement du chargé de mission",
    "Lancement des travaux",
    "Réunion publique d'information",
    "Signature de la convention de financement",
    "Bilan à mi-parcours",
    "Réception des travaux",
)
INDICATORS = (
    ("Emplois créés ou maintenus", "emplois"),
    ("Entreprises accompagnées", "entreprises"),
    ("Surface de friche requalifiée", "m²"),
    ("Personnes formées", "personnes"),
    ("Investissement privé mobilisé", "€"),
    ("Apprentis accueillis", "apprentis"),
)
# Fonds vert schemes → the axis of the programme they serve best.
AXIS_OF_SCHEME = (
    ("foncier", "attirer"),
    ("renaturation", "attirer"),
    ("biodiversité", "attirer"),
    ("covoiturage", "recruter"),
    ("faibles émissions", "recruter"),
    ("rénovation énergétique", "innover"),
    ("luminaires", "innover"),
    ("biodéchets", "innover"),
    ("ingénierie", "simplifier"),
)
STATUS_WEIGHTS = (
    (Status.DRAFT, 15),
    (Status.PROPOSED, 12),
    (Status.PRESENTED, 10),
    (Status.VALIDATED, 17),
    (Status.COMMITTED, 15),
    (Status.IN_PROGRESS, 18),
    (Status.DONE, 7),
    (Status.PAUSED, 3),
    (Status.ABANDONED, 3),
)
FORWARD = (
    Status.DRAFT,
    Status.PROPOSED,
    Status.PRESENTED,
    Status.VALIDATED,
    Status.COMMITTED,
    Status.IN_PROGRESS,
    Status.DONE,
)
VALIDATING = {(Status.PRESENTED, Status.VALIDATED), (Status.VALIDATED, Status.COMMITTED)}
EDITS = ("budget", "end_date", "publish", "objectives", "priority")
DELETED_SHARE = 0.01
BATCH = 2000


@dataclass
class Life:
    """What happens to one fiche, in time order: (when, kind, payload)."""

    events: list = field(default_factory=list)
    initial: dict = field(default_factory=dict)  # field → value at creation
    final: dict = field(default_factory=dict)  # field → value today


def _pick_weighted(rng, pairs):
    total = sum(weight for _value, weight in pairs)
    point = rng.uniform(0, total)
    for value, weight in pairs:
        point -= weight
        if point <= 0:
            return value
    return pairs[-1][0]


def _axis_for(project, axes, rng):
    scheme = project.scheme.lower()
    for word, code in AXIS_OF_SCHEME:
        if word in scheme and code in axes:
            return axes[code]
    return rng.choice(list(axes.values()))


def _excerpt(text, limit):
    """The first sentences of `text` within `limit` characters."""
    if len(text) <= limit:
        return text
    cut = text[:limit]
    end = max(cut.rfind(". "), cut.rfind(" ; "))
    return cut[: end + 1] if end > limit // 3 else cut.rsplit(" ", 1)[0] + "…"


def _path_to(status, rng):
    """The workflow moves (from, to) from draft to `status`, with an occasional rework."""
    if status == Status.PAUSED:
        before = rng.choice(workflow.PAUSABLE)
        return [*_path_to(before, rng), (before, Status.PAUSED)]
    if status == Status.ABANDONED:
        before = rng.choice(FORWARD[:5])
        return [*_path_to(before, rng), (before, Status.ABANDONED)]
    moves = []
    for source, target in zip(FORWARD, FORWARD[1 : FORWARD.index(status) + 1], strict=False):
        moves.append((source, target))
        if target == Status.PRESENTED and rng.random() < 0.12:
            moves += [(Status.PRESENTED, Status.PROPOSED), (Status.PROPOSED, Status.PRESENTED)]
    return moves


def distribute(total, territory_ids, rng, largest_id=None, largest=300):
    """How many fiches each territory gets: `largest` for one territory (the demo's 4403
    when present), the rest spread unevenly (log-normal), at least one each when possible."""
    counts = dict.fromkeys(territory_ids, 0)
    if not territory_ids or total <= 0:
        return counts
    largest_id = largest_id if largest_id in counts else territory_ids[0]
    counts[largest_id] = min(largest, total if len(counts) == 1 else total // 4)
    others = [t for t in territory_ids if t != largest_id]
    rest = total - counts[largest_id]
    if not others:
        counts[largest_id] += rest
        return counts
    base = 1 if rest >= len(others) else 0
    weights = [rng.lognormvariate(0, 0.75) for _ in others]
    spare = rest - base * len(others)
    scale = spare / sum(weights)
    shares = [w * scale for w in weights]
    for territory_id, share in zip(others, shares, strict=True):
        counts[territory_id] = base + int(share)
    remainder = total - sum(counts.values())
    order = sorted(range(len(others)), key=lambda i: shares[i] - int(shares[i]), reverse=True)
    for i in order[:remainder]:
        counts[others[i]] += 1
    return counts


class SheetFactory:
    """Builds the fiches of every territory in memory, validated, then writes them in bulk."""

    def __init__(self, *, axes, projects_by_department, all_projects, schemes, rng, now):
        self.axes = axes
        self.projects_by_department = projects_by_department
        self.all_projects = all_projects
        self.schemes = schemes
        self.rng = rng
        self.now = now
        self.tags = {}

    # Building --------------------------------------------------------------------------

    def build(self, territory, count, directory, accounts, department_codes, taken_codes):
        rng = self.rng
        pool = [p for code in department_codes for p in self.projects_by_department.get(code, ())]
        if len(pool) < count:
            pool += rng.sample(self.all_projects, min(len(self.all_projects), count - len(pool)))
        projects = rng.sample(pool, count)
        numbers = {}
        items = []
        for project in projects:
            axis = _axis_for(project, self.axes, rng)
            numbers[axis.pk] = numbers.get(axis.pk, 0) + 1
            code = f"F{axis.position + 1}.{numbers[axis.pk]}"
            while code in taken_codes:
                numbers[axis.pk] += 1
                code = f"F{axis.position + 1}.{numbers[axis.pk]}"
            taken_codes.add(code)
            items.append(self._sheet(territory, code, axis, project, directory, accounts))
        return items

    def _sheet(self, territory, code, axis, project, directory, accounts):
        rng = self.rng
        scheme = rng.choice(self.schemes)
        status = _pick_weighted(rng, STATUS_WEIGHTS)
        moves = _path_to(status, rng)
        edits = rng.sample(EDITS, min(len(EDITS), max(0, round(rng.gauss(1.2, 0.9)))))
        deleted = rng.random() < DELETED_SHARE
        events_count = 1 + len(moves) + len(edits) + deleted
        earliest = max(
            datetime.datetime(2019, 3, 1, tzinfo=datetime.UTC),
            datetime.datetime.combine(
                territory.labelled_on or datetime.date(2019, 1, 1),
                datetime.time(9),
                tzinfo=datetime.UTC,
            ),
        )
        span_days = max(30, (self.now - earliest).days - 20 * events_count)
        created_at = earliest + datetime.timedelta(
            days=rng.uniform(0, span_days), hours=rng.uniform(0, 9)
        )
        people = directory.people
        pilots = rng.sample(people, rng.choice((1, 1, 2)))
        if directory.contributor_person and rng.random() < 0.25:
            pilots = [directory.contributor_person, *pilots[:1]]
        pilots = list({p.pk or id(p): p for p in pilots}.values())
        budget = self._budget(project)
        start = (created_at + datetime.timedelta(days=rng.randint(30, 240))).date()
        end = start + datetime.timedelta(days=rng.randint(365, 4 * 365))
        has_dates = rng.random() < 0.85
        visibility = Visibility.PUBLIC if rng.random() < 0.4 else Visibility.RESTRICTED
        sheet = ActionSheet(
            territory=territory,
            code=code,
            sort_key=natural_key(code),
            title=project.title,
            axis=axis,
            context=_excerpt(scheme.description, rng.randint(300, 1500)),
            objectives=_excerpt(
                f"{scheme.name}. Porté localement par {beneficiary_name(project)}, dans le "
                f"cadre du dispositif « {project.scheme} ».",
                600,
            ),
            lead_organisation=rng.choice(directory.organisations),
            presenter=rng.choice(pilots) if rng.random() < 0.7 else None,
            beneficiaries=", ".join(scheme.beneficiaries[:4]),
            expected_results=rng.choice(
                (
                    "",
                    "Des emplois industriels maintenus et des compétences disponibles sur le "
                    "bassin d'emploi.",
                    "Un foncier économique requalifié et prêt à accueillir des entreprises.",
                    "Une baisse des consommations d'énergie et des coûts de fonctionnement.",
                    "Des démarches simplifiées pour les entreprises du territoire.",
                )
            ),
            start_date=start if has_dates else None,
            end_date=end if has_dates else None,
            budget_total=budget[0],
            budget_investment=budget[1],
            budget_operating=budget[2],
            priority=rng.choice((*Priority.values, "")),
            visibility=visibility,
            status=status,
            is_example=True,
            created_at=created_at,
            created_by=accounts.get("editor"),
        )
        sheet.full_clean(
            exclude=[
                "territory",
                "axis",
                "lead_organisation",
                "presenter",
                "created_by",
                "deleted_by",
            ],
            validate_unique=False,
            validate_constraints=False,
        )
        life = self._life(sheet, created_at, moves, edits, deleted, accounts, has_dates)
        # The row is written as it is today: its version counts its history rows.
        sheet.version = 1 + len(life.events)
        sheet.updated_at = life.events[-1][0] if life.events else created_at
        if deleted:
            sheet.deleted_at, _kind, _payload, sheet.deleted_by = life.events[-1]
        steps = self._steps(sheet, created_at)
        indicators = self._indicators(sheet)
        links = self._links(sheet, scheme)
        partners = rng.sample(directory.partners, rng.randint(0, min(3, len(directory.partners))))
        tags = [self._tag(name) for name in rng.sample(TAGS, rng.randint(0, 3))]
        return sheet, life, pilots, partners, tags, steps, indicators, links

    def _budget(self, project):
        rng = self.rng
        if project.amount is None or rng.random() < 0.2:
            return None, None, None
        total = (project.amount * Decimal(rng.uniform(1.0, 3.0))).quantize(Decimal("1.00"))
        if rng.random() < 0.3:
            return total, None, None
        investment = (total * Decimal(rng.uniform(0.6, 1.0))).quantize(Decimal("1.00"))
        return total, investment, total - investment

    def _life(self, sheet, created_at, moves, edits, deleted, accounts, has_dates):
        rng = self.rng
        life = Life()
        for name in edits:
            if name == "budget" and sheet.budget_total is not None:
                ratio = Decimal(rng.uniform(0.6, 0.95))
                values = ("budget_total", "budget_investment", "budget_operating")
                life.final.update({n: getattr(sheet, n) for n in values})
                life.initial.update(
                    {
                        n: (getattr(sheet, n) * ratio).quantize(Decimal("1.00"))
                        if getattr(sheet, n) is not None
                        else None
                        for n in values
                    }
                )
                if life.initial["budget_operating"] is not None:
                    life.initial["budget_operating"] = (
                        life.initial["budget_total"] - life.initial["budget_investment"]
                    )
            elif name == "end_date" and has_dates:
                life.final["end_date"] = sheet.end_date
                life.initial["end_date"] = sheet.end_date - datetime.timedelta(
                    days=rng.randint(90, 365)
                )
                if life.initial["end_date"] < sheet.start_date:
                    life.initial["end_date"] = sheet.start_date
            elif name == "publish" and sheet.visibility == Visibility.PUBLIC:
                life.final["visibility"] = Visibility.PUBLIC
                life.initial["visibility"] = Visibility.RESTRICTED
            elif name == "objectives":
                life.final["objectives"] = sheet.objectives
                life.initial["objectives"] = sheet.objectives.split(". ", 1)[0]
            elif name == "priority":
                life.final["priority"] = sheet.priority
                life.initial["priority"] = rng.choice(
                    [p for p in (*Priority.values, "") if p != sheet.priority]
                )
        kinds = [("move", move) for move in moves] + [
            ("edit", name) for name in edits if name in _touched(name, life)
        ]
        rng.shuffle(kinds)
        # Moves keep their order; edits fall anywhere between them.
        ordered_moves = iter(moves)
        kinds = [(k, next(ordered_moves)) if k == "move" else (k, v) for k, v in kinds]
        if deleted:
            kinds.append(("delete", None))
        when = created_at
        room = max(1.0, (self.now - created_at).days / (len(kinds) + 1))
        for kind, payload in kinds:
            when = when + datetime.timedelta(days=rng.uniform(1, room), hours=rng.uniform(0, 8))
            when = min(when, self.now - datetime.timedelta(minutes=len(kinds)))
            if kind == "move":
                actor = (
                    accounts.get("editor")
                    if payload in VALIDATING or rng.random() < 0.6
                    else accounts.get("contributor")
                )
            else:
                actor = accounts.get("editor") if rng.random() < 0.7 else accounts.get("admin")
            life.events.append((when, kind, payload, actor))
        return life

    def _steps(self, sheet, created_at):
        rng = self.rng
        steps = []
        for position, title in enumerate(rng.sample(STEP_TITLES, rng.randint(0, 5))):
            due = (created_at + datetime.timedelta(days=90 * (position + 1))).date()
            step = Step(
                title=title,
                due_on=due if rng.random() < 0.8 else None,
                done=due < self.now.date() and rng.random() < 0.7,
                position=position,
            )
            step.full_clean(exclude=["sheet"])
            steps.append(step)
        return steps

    def _indicators(self, sheet):
        rng = self.rng
        rows = []
        for position, (name, unit) in enumerate(rng.sample(INDICATORS, rng.randint(0, 2))):
            target = Decimal(rng.choice((10, 20, 50, 100, 500, 2000)))
            indicator = Indicator(
                name=name,
                unit=unit,
                baseline=Decimal(0),
                target=target,
                current_value=(target * Decimal(rng.uniform(0, 1.1))).quantize(Decimal("1"))
                if rng.random() < 0.6
                else None,
                position=position,
            )
            indicator.full_clean(exclude=["sheet"])
            rows.append(indicator)
        return rows

    def _links(self, sheet, scheme):
        if not scheme.url or self.rng.random() < 0.5:
            return []
        link = Link(title=f"Aides-territoires : {scheme.name}"[:200], url=scheme.url, position=0)
        link.full_clean(exclude=["sheet"])
        return [link]

    def _tag(self, name):
        tag = self.tags.get(name)
        if tag is None:
            tag = Tag.objects.filter(name__iexact=name).first() or Tag.objects.create(name=name)
            self.tags[name] = tag
        return tag


def _touched(name, life):
    """The edits that found something to change on this fiche."""
    fields = {
        "budget": "budget_total",
        "end_date": "end_date",
        "publish": "visibility",
        "objectives": "objectives",
        "priority": "priority",
    }
    return {name} if fields[name] in life.initial else set()


# Writing -------------------------------------------------------------------------------


def write(items, rng):
    """Insert the fiches, their children and relations, then replay their lives into the
    workflow records and the history. Returns counts."""
    sheets = [item[0] for item in items]
    ActionSheet.objects.bulk_create(sheets, batch_size=BATCH)
    through = ActionSheet.pilots.through
    through.objects.bulk_create(
        [
            through(actionsheet_id=sheet.pk, person_id=person.pk)
            for sheet, _l, pilots, *_ in items
            for person in pilots
        ],
        batch_size=5000,
    )
    through = ActionSheet.partners.through
    through.objects.bulk_create(
        [
            through(actionsheet_id=sheet.pk, organisation_id=organisation.pk)
            for sheet, _l, _p, partners, *_ in items
            for organisation in partners
        ],
        batch_size=5000,
    )
    through = ActionSheet.tags.through
    through.objects.bulk_create(
        [
            through(actionsheet_id=sheet.pk, tag_id=tag.pk)
            for sheet, _l, _p, _pa, tags, *_ in items
            for tag in tags
        ],
        batch_size=5000,
    )
    related = _related_pairs(sheets, rng)
    through = ActionSheet.related_sheets.through
    through.objects.bulk_create(
        [through(from_actionsheet_id=a, to_actionsheet_id=b) for a, b in related]
        + [through(from_actionsheet_id=b, to_actionsheet_id=a) for a, b in related],
        batch_size=5000,
    )
    children = {Step: [], Indicator: [], Link: []}
    for sheet, _l, _p, _pa, _t, steps, indicators, links in items:
        for model, rows in ((Step, steps), (Indicator, indicators), (Link, links)):
            for row in rows:
                row.sheet_id = sheet.pk
                children[model].append(row)
    for model, rows in children.items():
        model.objects.bulk_create(rows, batch_size=5000)

    counts = {"transitions": 0, "history": 0}
    for start in range(0, len(items), BATCH):
        chunk = items[start : start + BATCH]
        prefetch_related_objects(
            [item[0] for item in chunk],
            "pilots",
            "partners",
            "tags",
            "related_sheets",
            "steps",
            "indicators",
            "links",
            "documents",
        )
        transitions, records = [], []
        for sheet, life, *_ in chunk:
            _replay(sheet, life, transitions, records)
        StatusTransition.objects.bulk_create(transitions, batch_size=5000)
        AuditEvent.objects.bulk_create(records, batch_size=5000)
        counts["transitions"] += len(transitions)
        counts["history"] += len(records)
    counts["sheets"] = len(sheets)
    counts["related"] = len(related)
    counts["steps"] = len(children[Step])
    counts["indicators"] = len(children[Indicator])
    counts["links"] = len(children[Link])
    return counts


def _related_pairs(sheets, rng):
    """About one fiche in ten linked to another fiche of its territory."""
    by_territory = {}
    for sheet in sheets:
        by_territory.setdefault(sheet.territory_id, []).append(sheet.pk)
    pairs = set()
    for ids in by_territory.values():
        if len(ids) < 2:
            continue
        for _ in range(max(0, len(ids) // 10)):
            a, b = rng.sample(ids, 2)
            pairs.add((min(a, b), max(a, b)))
    return sorted(pairs)


def _replay(sheet, life, transitions, records):
    """Walk the fiche's life from its creation, writing one history row per event with the
    values of that moment, and leave the fiche in its final state."""
    final = (sheet.status, sheet.version)
    for name, value in life.initial.items():
        setattr(sheet, name, value)
    sheet.status = Status.DRAFT
    version = 1

    label = str(sheet)[:300]

    def record(verb, actor, when, changes, comment=""):
        records.append(
            AuditEvent(
                verb=verb,
                object_type="plans.actionsheet",
                object_id=sheet.pk,
                object_label=label,
                territory_id=sheet.territory_id,
                actor=actor,
                at=when,
                version=version,
                changes=changes,
                data=history.visibility_state(changes),
                comment=comment,
            )
        )

    last = history.snapshot(sheet)
    record("sheet.created", sheet.created_by, sheet.created_at, values.changes_between({}, last))
    for when, kind, payload, actor in life.events:
        version += 1
        if kind == "move":
            source, target = payload
            sheet.status = target
            comment = "Validée en comité de pilotage." if (source, target) in VALIDATING else ""
            transitions.append(
                StatusTransition(
                    sheet_id=sheet.pk,
                    from_status=source,
                    to_status=target,
                    by=actor,
                    at=when,
                    comment=comment,
                )
            )
            last["status"] = (values.CHOICE, str(target))
            change = {"field": "status", "kind": values.CHOICE, "old": source, "new": target}
            record("sheet.status_changed", actor, when, [change], comment)
        elif kind == "edit":
            after = dict(last)
            for name in _fields_of_edit(payload):
                setattr(sheet, name, life.final[name])
            after.update(history.snapshot(sheet, _fields_of_edit(payload)))
            record("sheet.updated", actor, when, values.changes_between(last, after))
            last = after
        elif kind == "delete":
            record("sheet.deleted", actor, when, [], "Doublon d'une autre fiche du plan.")
    assert (sheet.status, version) == final, (sheet.code, sheet.status, version, final)


def _fields_of_edit(name):
    return {
        "budget": ("budget_total", "budget_investment", "budget_operating"),
        "end_date": ("end_date",),
        "publish": ("visibility",),
        "objectives": ("objectives",),
        "priority": ("priority",),
    }[name]


def now():
    return timezone.now().astimezone(datetime.UTC)
