from django.core.management.base import BaseCommand, CommandError

from territoires.referential.importers.cog import import_cog
from territoires.referential.importers.report import ImportRejected


class Command(BaseCommand):
    help = (
        "Importe les régions, départements, EPCI et communes actuelles depuis le dossier "
        "data/ du paquet npm @etalab/decoupage-administratif."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "path", help="Dossier contenant regions.json, departements.json, epci.json…"
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Vérifier et compter sans rien enregistrer."
        )

    def handle(self, *args, path, dry_run, verbosity, **options):
        try:
            report = import_cog(path, dry_run=dry_run)
        except ImportRejected as exc:
            raise CommandError(exc.report.rejection_message()) from exc
        self.stdout.write(f"Découpage administratif importé depuis {path} :")
        self.stdout.write("\n".join(report.render(verbosity)))
