from django.apps import AppConfig

VERBS = {
    "meeting.created": "Création de la rencontre",
    "meeting.updated": "Modification de la rencontre",
    "meeting.status_changed": "Changement de statut de la rencontre",
    "meeting.agenda_changed": "Modification de l'ordre du jour",
    "meeting.registered": "Inscription",
    "meeting.registration_cancelled": "Désinscription",
    "meeting.registration_promoted": "Inscription confirmée depuis la liste d'attente",
    "meeting.attended": "Présence enregistrée",
    "meeting.feedback_given": "Avis sur une fiche",
    "meeting.feedback_updated": "Avis sur une fiche modifié par son auteur",
    "meeting.oubli_drafted": "Oubli devenu une fiche brouillon",
    "meeting.oubli_attached": "Oubli rattaché à une fiche",
    "meeting.follow_up_added": "Suite ajoutée au compte rendu",
    "meeting.follow_up_updated": "Suite du compte rendu modifiée",
    "meeting.follow_up_done": "Suite marquée comme faite",
    "meeting.follow_up_reopened": "Suite remise à faire",
    "meeting.follow_up_removed": "Suite retirée du compte rendu",
    "personal_data.exported": "Données personnelles exportées",
    "personal_data.erased": "Données personnelles effacées",
}


class MeetingsConfig(AppConfig):
    name = "territoires.meetings"
    label = "meetings"
    verbose_name = "Rencontres"

    def ready(self):
        from territoires.audit import registry

        from .history import AUDIT_FIELDS

        registry.register("meetings.meeting", fields=AUDIT_FIELDS, verbs=VERBS)
