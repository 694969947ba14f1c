from django.core.management.base import BaseCommand, CommandError

from territoires.funding.evaluation import K, evaluate, means


def _pct(value):
    return f"{value:.3f}".replace(".", ",")


class Command(BaseCommand):
    help = (
        "Mesure les suggestions de dispositifs sur un fichier de jugements (fiche → "
        "dispositifs pertinents) : nDCG@5 et précision@5 du projet et d'une recherche par "
        "mots-clés. Exemple : territoires/funding/judgments/demo-4403.json sur la démo."
    )

    def add_arguments(self, parser):
        parser.add_argument("judgments", help="Fichier JSON de jugements.")

    def handle(self, *args, judgments, **options):
        try:
            rows = evaluate(judgments)
        except (OSError, ValueError, KeyError) as exc:
            raise CommandError(f"{judgments} : fichier de jugements illisible ({exc}).") from exc
        if not rows:
            raise CommandError(
                "Aucune fiche du fichier de jugements n'est dans la base (chargez la démo)."
            )
        self.stdout.write(
            f"{'Fiche':<10} {'pertinents':>10}  {'projet nDCG@5':>13} {'P@5':>6}  "
            f"{'mots-clés nDCG@5':>16} {'P@5':>6}"
        )
        for row in rows:
            self.stdout.write(
                f"{row.code:<10} {row.relevant:>10}  {_pct(row.project[0]):>13} "
                f"{_pct(row.project[1]):>6}  {_pct(row.baseline[0]):>16} {_pct(row.baseline[1]):>6}"
            )
        project, baseline = means(rows, "project"), means(rows, "baseline")
        judged = sum(1 for row in rows if row.relevant)
        self.stdout.write(
            f"\n{len(rows)} fiches jugées, dont {judged} avec au moins un dispositif pertinent "
            f"(les moyennes portent sur celles-ci), k = {K}"
        )
        self.stdout.write(f"Projet : nDCG@5 = {_pct(project[0])}, précision@5 = {_pct(project[1])}")
        self.stdout.write(
            f"Recherche par mots-clés : nDCG@5 = {_pct(baseline[0])}, "
            f"précision@5 = {_pct(baseline[1])}"
        )
