from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from territoires.demo.scale.sources import MissingData
from territoires.demo.similar_evaluation import JUDGMENTS, K, evaluate
from territoires.funding.evaluation import means


def _number(value):
    return f"{value:.3f}".replace(".", ",")


class Command(BaseCommand):
    help = (
        "Mesure les actions similaires sur un fichier de jugements (fiche → fiches "
        "pertinentes) : nDCG@5 et précision@5 des actions similaires et d'une recherche par "
        "mots-clés, sur un corpus écrit puis effacé (les fiches de la démonstration et des "
        "projets du Fonds vert lus dans SHARED_DATA). Rien n'est gardé dans la base."
    )

    def add_arguments(self, parser):
        parser.add_argument("judgments", nargs="?", default=str(JUDGMENTS))
        parser.add_argument("--data", help="Dossier des jeux de données partagés.")

    def handle(self, *args, judgments, data=None, **options):
        try:
            with transaction.atomic():
                rows = evaluate(judgments, data_dir=data)
                transaction.set_rollback(True)
        except MissingData as exc:
            raise CommandError(str(exc)) from exc
        except (OSError, ValueError, KeyError) as exc:
            raise CommandError(f"{judgments} : fichier de jugements illisible ({exc}).") from exc
        head = f"{'Fiche':<12} {'pertinentes':>11}  {'similaires nDCG, P':>19}"
        lines = [f"{head}  mots-clés nDCG, P"]
        lines += [
            f"{row.code:<12} {row.relevant:>11}  "
            f"{_number(row.project[0]):>11} {_number(row.project[1]):>7}  "
            f"{_number(row.baseline[0]):>9} {_number(row.baseline[1]):>7}"
            for row in rows
        ]
        ours, theirs = means(rows, "project"), means(rows, "baseline")
        judged = sum(1 for row in rows if row.relevant)
        lines += [
            "",
            f"{len(rows)} fiches jugées, {judged} avec au moins une fiche pertinente "
            f"(les moyennes portent sur celles-ci), k = {K}.",
            f"Actions similaires : nDCG@{K} = {_number(ours[0])}, P@{K} = {_number(ours[1])}",
            f"Mots-clés : nDCG@{K} = {_number(theirs[0])}, P@{K} = {_number(theirs[1])}",
        ]
        self.stdout.write("\n".join(lines))
