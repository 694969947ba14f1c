from django.core.management.base import BaseCommand

from territoires.funding.alerts import send_due_alerts
from territoires.funding.tasks import send_scheme_alerts


class Command(BaseCommand):
    help = (
        "Envoie les alertes sur les dispositifs qui sont dues (quotidiennes, hebdomadaires). "
        "Avec --enqueue, confie l'envoi au processus des tâches de fond (à lancer chaque "
        "jour par cron ; make demo le fait lui-même)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--enqueue", action="store_true", help="Mettre l'envoi dans la file des tâches."
        )

    def handle(self, *args, enqueue, **options):
        if enqueue:
            send_scheme_alerts.enqueue()
            self.stdout.write("Envoi des alertes confié aux tâches de fond.")
            return
        sent = send_due_alerts()
        self.stdout.write(f"Alertes sur les dispositifs : {sent} courriel(s) envoyé(s).")
