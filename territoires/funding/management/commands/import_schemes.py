from django.core.management.base import BaseCommand, CommandError

from territoires.funding.importers.schemes import FORMATS, import_schemes
from territoires.referential.importers.report import ImportRejected


class Command(BaseCommand):
    help = (
        "Importe le catalogue des dispositifs depuis Aides-territoires : l'export CSV "
        "(Nom, Lien, Financeurs, Bénéficiaire, Types d'aides, AAP/AMI, Récurrence, "
        "Descriptif, Date Clôture) ou la réponse JSON de son API (une page ou une liste). "
        "Tout ou rien ; relancer le même fichier ne crée rien."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="Fichier à importer.")
        parser.add_argument(
            "--format",
            dest="file_format",
            choices=FORMATS,
            default="csv",
            help="csv (export) ou json (API) ; par défaut : %(default)s.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Vérifier et compter sans rien enregistrer."
        )

    def handle(self, *args, path, file_format, dry_run, verbosity, **options):
        try:
            report = import_schemes(path, file_format=file_format, dry_run=dry_run)
        except ImportRejected as exc:
            raise CommandError(
                exc.report.rejection_message() + "\n" + "\n".join(exc.report.notes)
            ) from exc
        except OSError as exc:
            raise CommandError(f"{path} : lecture impossible ({exc.strerror}).") from exc
        self.stdout.write(f"Dispositifs importés depuis {path} :")
        self.stdout.write("\n".join(report.render(verbosity)))
