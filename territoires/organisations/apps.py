from django.apps import AppConfig

VERBS = {
    "directory.person_added": "Personne ajoutée à l'annuaire",
    "directory.person_updated": "Coordonnées modifiées",
    "directory.person_linked": "Personne reliée à un compte",
    "directory.organisation_created": "Organisation créée",
    "directory.role_given": "Rôle attribué",
    "directory.role_changed": "Rôle modifié",
    "directory.role_ended": "Rôle terminé",
    "directory.partner_added": "Partenaire ajouté",
    "directory.partner_removed": "Partenaire retiré",
}


class OrganisationsConfig(AppConfig):
    name = "territoires.organisations"
    label = "organisations"
    verbose_name = "Organisations et personnes"

    def ready(self):
        from territoires.audit import registry

        registry.register(verbs=VERBS)
