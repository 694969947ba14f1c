from django.core.management.base import BaseCommand, CommandError

from territoires.programmes.services import TERRITOIRES_D_INDUSTRIE
from territoires.referential.importers.report import ImportRejected
from territoires.referential.importers.territories import import_territories


class Command(BaseCommand):
    help = (
        "Importe les territoires d'un programme depuis un CSV commune → territoire "
        "(colonnes code_commune, code_terrind, libelle_terrind). Le référentiel des "
        "communes doit avoir été importé (import_cog)."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="Fichier CSV commune → territoire.")
        parser.add_argument(
            "--programme",
            default=TERRITOIRES_D_INDUSTRIE,
            help="Identifiant du programme (par défaut : %(default)s, créé s'il manque).",
        )
        parser.add_argument(
            "--phase", default="2019", help="Phase de labellisation (par défaut : %(default)s)."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Vérifier et compter sans rien enregistrer."
        )

    def handle(self, *args, path, programme, phase, dry_run, verbosity, **options):
        try:
            report = import_territories(
                path, programme_slug=programme, phase=phase, dry_run=dry_run
            )
        except ImportRejected as exc:
            raise CommandError(exc.report.rejection_message()) from exc
        self.stdout.write(f"Territoires du programme « {programme} » importés depuis {path} :")
        self.stdout.write("\n".join(report.render(verbosity)))
