from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from territoires.demo import scale
from territoires.demo.scale.sources import MissingData


class Command(BaseCommand):
    help = (
        "Génère un programme national à l'échelle N (×1 : 183 territoires, ~2 400 fiches, "
        "~12 500 lignes d'historique ; ×10 : dix fois plus) à partir des jeux de données "
        "réels de ../shared/data, pour mesurer (make bench). Tout est marqué comme exemple. "
        "Refuse de tourner deux fois sur la même base."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--factor", type=float, default=1.0, help="Échelle : 1 = le programme national."
        )
        parser.add_argument(
            "--reset",
            action="store_true",
            help="EFFACE TOUTE LA BASE avant de générer (base de travail uniquement).",
        )
        parser.add_argument("--data", help="Dossier des jeux de données (../shared/data).")
        parser.add_argument(
            "--cog", help="Dossier du référentiel téléchargé (var/cog/package/data)."
        )
        parser.add_argument("--seed", type=int, default=2019, help="Graine du tirage.")

    def handle(self, *args, factor, reset, data, cog, seed, verbosity, **options):
        if factor <= 0:
            raise CommandError("--factor doit être strictement positif (par exemple 1 ou 10).")
        if reset:
            self.stdout.write("Base effacée (--reset).")
            call_command("flush", interactive=False, verbosity=0)

        def log(message):
            if verbosity:
                self.stdout.write(f"  {message}")

        try:
            report = scale.generate(factor, data_dir=data, cog_dir=cog, seed=seed, log=log)
        except (scale.AlreadyGenerated, MissingData) as exc:
            raise CommandError(str(exc)) from exc
        counts = report.counts
        self.stdout.write(
            self.style.SUCCESS(
                f"Échelle ×{factor:g} générée en {report.seconds:.0f} s : "
                f"{counts['territories']} territoires, {counts['sheets']} fiches, "
                f"{counts['history']} lignes d'historique, {counts['transitions']} changements "
                f"de statut, {counts['people']} personnes, {counts['organisations']} "
                f"organisations, {counts['users']} comptes."
            )
        )
        self.stdout.write(
            f"  Référentiel : {'complet (COG)' if report.referential == 'cog' else 'minimal'}. "
            f"Plus grand plan : {report.largest_territory} ; plus petit : "
            f"{report.smallest_territory}."
        )
        self.stdout.write(
            f"  Comptes : {report.national_email}, administrateur.<code>@…, editeur.<code>@…, "
            f"contributeur.<code>@…, lecteur.<code>@… ; mot de passe : {report.password}"
        )
