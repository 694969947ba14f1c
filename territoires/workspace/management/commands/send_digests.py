from django.core.management.base import BaseCommand

from territoires.workspace.digests import send_due_digests
from territoires.workspace.tasks import send_digests


class Command(BaseCommand):
    help = (
        "Envoie par courriel les notifications dues (résumés quotidiens, hebdomadaires). "
        "Avec --enqueue, confie l'envoi au processus des tâches de fond (à lancer chaque "
        "heure par cron ; make demo le fait lui-même)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--enqueue", action="store_true", help="Mettre l'envoi dans la file des tâches."
        )

    def handle(self, *args, enqueue, **options):
        if enqueue:
            send_digests.enqueue()
            self.stdout.write("Envoi des notifications confié aux tâches de fond.")
            return
        sent = send_due_digests()
        self.stdout.write(f"Notifications : {sent} courriel(s) envoyé(s).")
