"""import_schemes: the catalogue from an Aides-territoires file, all or nothing.

Every record is read and validated first (the model's rules, through `full_clean`);
one bad value rejects the whole file with the line (or item) and column of each error.
Then, in one transaction, each scheme is matched with the catalogue by its source id,
else its source address, and created, updated or left unchanged; its financers and
instructors are organisations of the directory (found by name through the one rule of
`organisations.names`, else created with the kind their name suggests), its axes and
geography are read from its words when the source does not give them (`funding.axes`,
`importers.geography`). Each created or
changed scheme and each new organisation records an audit event.
"""

import time

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from territoires.audit import log, values
from territoires.organisations.models import Organisation
from territoires.organisations.names import identity_key
from territoires.programmes.services import ensure_territoires_d_industrie
from territoires.referential.importers.report import ImportRejected, ImportReport

from .. import places
from ..axes import infer_axis_codes
from ..models import Scheme
from ..services import scheme_snapshot
from .geography import Gazetteer, is_whole_country
from .readers import READERS, Problems

RELATIONS = ("financers", "instructors", "axes", "regions", "departments")
FORMATS = tuple(READERS)


class _Rollback(Exception):
    pass


def import_schemes(path, *, file_format="csv", dry_run=False):
    """Import the schemes of `path` (format "csv" or "json"); return the ImportReport.
    Raises ImportRejected (nothing written) when any record is wrong."""
    started = time.monotonic()
    report = ImportReport(source=str(path), dry_run=dry_run)
    if file_format not in READERS:
        report.error("", f"format « {file_format} » inconnu ({', '.join(FORMATS)} attendus)")
        raise ImportRejected(report)
    records = list(_validated(READERS[file_format](path, report), report))
    if report.errors:
        rejected = len({issue.where.split(",")[0] for issue in report.errors})
        report.notes.append(f"Dispositifs rejetés : {rejected}")
        raise ImportRejected(report)
    try:
        with transaction.atomic():
            _write(records, report)
            if dry_run:
                raise _Rollback
    except _Rollback:
        pass
    report.notes.append("Dispositifs rejetés : 0")
    report.seconds = time.monotonic() - started
    return report


def _validated(records, report):
    """Each record, checked against the model's rules and the records before it as it
    is read (so that the errors come in the order of the file)."""
    seen = {}
    for record in records:
        problems = Problems(report, record)
        scheme = Scheme(**record.values)
        try:
            scheme.full_clean(exclude=RELATIONS, validate_unique=False, validate_constraints=False)
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                for message in messages:
                    problems.add(name if name != "__all__" else "name", message)
        for key in ("source_id", "source_url"):
            value = record.values[key]
            if not value:
                continue
            if (key, value) in seen:
                problems.add(key, f"« {value} » déjà lu ({seen[(key, value)]})")
            else:
                seen[(key, value)] = record.where
        yield record


class _Directory:
    """Organisations by identity key (`organisations.names`: "Conseil régional du Grand
    Est" is the directory's "Région Grand Est"); missing ones are created with the kind
    their name suggests, and recorded in the audit log."""

    def __init__(self):
        self.by_name = {}
        for organisation in Organisation.objects.order_by("pk"):
            self.by_name.setdefault(identity_key(organisation.name), organisation)

    def get(self, name, report):
        key = identity_key(name)
        organisation = self.by_name.get(key)
        if organisation is None:
            from .vocabulary import organisation_kind

            organisation = Organisation.objects.create(
                name=name.strip()[:200], kind=organisation_kind(name)
            )
            log.record("directory.organisation_created", organisation, acting_user=None)
            report.tally(
                "organisations", "organisations (financeurs, instructeurs)", True
            ).created += 1
            self.by_name[key] = organisation
        return organisation


def _write(records, report):
    tally = report.tally("schemes", "dispositifs")
    programme = ensure_territoires_d_industrie()
    axes = {axis.code: axis for axis in programme.axes.all()}
    directory = _Directory()
    gazetteer = Gazetteer()
    existing = Scheme.objects.prefetch_related(*RELATIONS).order_by("pk")
    by_id = {s.source_id: s for s in existing if s.source_id}
    by_url = {s.source_url: s for s in existing if s.source_url}
    for record in records:
        wanted = dict(record.values)
        text = f"{wanted['description']} {record.themes}"
        relations = {
            "financers": [directory.get(name, report) for name in record.financers],
            "instructors": [directory.get(name, report) for name in record.instructors],
            "axes": [axes[code] for code in infer_axis_codes(wanted["name"], text) if code in axes],
        }
        if not is_whole_country(wanted["perimeter"]):
            codes = gazetteer.places(wanted["perimeter"])
        elif not wanted["perimeter"]:
            codes = gazetteer.financer_places(record.financers)
            wanted["perimeter"] = ", ".join(places.label(code) for code in codes)
        else:
            codes = []
        wanted["places"] = sorted(codes)
        relations["regions"], relations["departments"] = gazetteer.rows(codes)
        scheme = by_id.get(wanted["source_id"]) or by_url.get(wanted["source_url"])
        _save(scheme, wanted, relations, tally)


def _save(scheme, wanted, relations, tally):
    """Create, update or leave `scheme` (None: a new one); `relations` are lists of
    rows (regions and departments as (pk, name))."""
    if scheme is not None:
        same_values = all(getattr(scheme, name) == value for name, value in wanted.items())
        same_relations = all(
            {obj.pk for obj in getattr(scheme, name).all()} == {_pk(row) for row in rows}
            for name, rows in relations.items()
        )
        if same_values and same_relations:
            tally.unchanged += 1
            return
        before = {**scheme_snapshot(scheme), **_relations_snapshot(_current(scheme))}
        for name, value in wanted.items():
            setattr(scheme, name, value)
        tally.updated += 1
        verb = "scheme.updated"
    else:
        before = {}
        scheme = Scheme(**wanted)
        tally.created += 1
        verb = "scheme.created"
    scheme.updated_at = timezone.now()
    scheme.save()
    for name, rows in relations.items():
        if verb == "scheme.updated" or rows:
            getattr(scheme, name).set([_pk(row) for row in rows])
    after = {**scheme_snapshot(scheme), **_relations_snapshot(relations)}
    log.record(
        verb,
        scheme,
        acting_user=None,
        changes=values.changes_between(before, after),
        comment="Import du catalogue",
    )


def _pk(row):
    return row[0] if isinstance(row, tuple) else row.pk


def _current(scheme):
    """The relations of a stored scheme, as _save receives them."""
    return {name: list(getattr(scheme, name).all()) for name in RELATIONS}


def _relations_snapshot(relations):
    snapshot = {}
    for name in RELATIONS:
        refs = [
            {"id": row[0], "label": row[1]} if isinstance(row, tuple) else values.ref(row)
            for row in relations[name]
        ]
        snapshot[name] = (values.REFS, sorted(refs, key=lambda r: (r["label"], r["id"])))
    return snapshot
