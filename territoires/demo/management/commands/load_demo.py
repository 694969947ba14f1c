from django.core.management.base import BaseCommand

from territoires.demo.loader import load_demo


class Command(BaseCommand):
    help = (
        "Charge la démonstration : les 148 territoires d'industrie 2019 (référentiel officiel "
        "et fichier partagé), le territoire 4403 Bassins de Langres - Chaumont et ses "
        "15 fiches action de l'After Work du 09/09/2019, des fiches d'exemple sur 4412 et "
        "un compte par rôle. Peut être relancée sans rien dupliquer."
    )

    def handle(self, *args, **options):
        report = load_demo()
        count = report.sheets_created
        plural = "s" if count > 1 else ""
        self.stdout.write(
            self.style.SUCCESS(f"Démonstration chargée ({count} fiche{plural} créée{plural}).")
        )
        for line in report.territories:
            self.stdout.write(line)
        if report.schemes:
            self.stdout.write(report.schemes)
        rows = [("Adresse électronique", "Rôle", "Ce que le compte peut faire")]
        rows += [(a.email, a.role, a.can) for a in report.accounts]
        widths = [max(len(row[i]) for row in rows) for i in range(2)]
        self.stdout.write("")
        for index, (email, role, can) in enumerate(rows):
            self.stdout.write(f"  {email:<{widths[0]}}  {role:<{widths[1]}}  {can}")
            if index == 0:
                self.stdout.write(f"  {'-' * widths[0]}  {'-' * widths[1]}  {'-' * len(can)}")
        self.stdout.write("")
        self.stdout.write(f"  Mot de passe de tous les comptes : {report.password}")
