"""What an import did or refused to do, in a form the commands print as is."""

from dataclasses import dataclass, field

MAX_SHOWN = 20


@dataclass(frozen=True)
class Issue:
    """A problem found at one place of the file (a line, or a JSON item)."""

    where: str
    message: str

    def __str__(self):
        return f"{self.where} : {self.message}" if self.where else self.message


@dataclass
class Tally:
    """Counts for one kind of record. `feminine` tunes the French agreement."""

    label: str
    feminine: bool = False
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0

    def describe(self):
        e = "e" if self.feminine else ""
        parts = [
            f"{self.created} créé{e}s",
            f"{self.updated} {'mises' if self.feminine else 'mis'} à jour",
            f"{self.unchanged} inchangé{e}s",
        ]
        if self.deleted:
            parts.append(f"{self.deleted} supprimé{e}s")
        return f"{self.label[:1].upper()}{self.label[1:]} : {', '.join(parts)}"


def format_issues(issues, limit=MAX_SHOWN):
    """One line per issue, at most `limit` of them, then how many were left out."""
    shown = issues if limit is None else issues[:limit]
    lines = [f"  - {issue}" for issue in shown]
    if len(issues) > len(shown):
        lines.append(f"  … et {len(issues) - limit} autres")
    return "\n".join(lines)


@dataclass
class ImportReport:
    source: str
    dry_run: bool = False
    tallies: dict = field(default_factory=dict)
    errors: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    details: list = field(default_factory=list)
    notes: list = field(default_factory=list)
    seconds: float = 0.0

    def tally(self, key, label, feminine=False):
        if key not in self.tallies:
            self.tallies[key] = Tally(label, feminine)
        return self.tallies[key]

    def error(self, where, message):
        self.errors.append(Issue(where, message))

    def warn(self, where, message):
        self.warnings.append(Issue(where, message))

    def detail(self, where, message):
        """Something worth knowing that is neither wrong nor surprising (verbose output)."""
        self.details.append(Issue(where, message))

    @property
    def changed(self):
        return any(t.created or t.updated or t.deleted for t in self.tallies.values())

    def summary_lines(self):
        return [tally.describe() for tally in self.tallies.values()] + list(self.notes)

    def render(self, verbosity=1):
        """The lines a command prints after a successful import."""
        lines = [f"  {line}" for line in self.summary_lines()]
        if self.warnings:
            lines.append(f"Avertissements ({len(self.warnings)}) :")
            lines.append(format_issues(self.warnings, MAX_SHOWN if verbosity < 2 else None))
        if self.details and verbosity >= 2:
            lines.append(f"Détails ({len(self.details)}) :")
            lines.append(format_issues(self.details, None))
        if self.dry_run:
            lines.append("Simulation : rien n'a été enregistré.")
        elif not self.changed:
            lines.append("Aucun changement : la base était déjà à jour.")
        lines.append(f"Durée : {self.seconds:.1f} s".replace(".", ","))
        return lines

    def rejection_message(self):
        count = len(self.errors)
        noun = "erreur" if count == 1 else "erreurs"
        return (
            f"{self.source} : {count} {noun}, rien n'a été importé.\n{format_issues(self.errors)}"
        )


class ImportRejected(Exception):
    """The file is malformed: nothing was written. `report.errors` says where and why."""

    def __init__(self, report):
        self.report = report
        super().__init__(report.rejection_message())
