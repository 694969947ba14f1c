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
    "contacts.added": "Contact ajouté",
    "contacts.updated": "Contact mis à jour",
    "contacts.tagged": "Étiquettes du contact modifiées",
    "contacts.consent_given": "Consentement donné",
    "contacts.consent_withdrawn": "Consentement retiré",
    "contacts.list_saved": "Liste de contacts enregistrée",
    "contacts.list_deleted": "Liste de contacts supprimée",
}


class OrganisationsConfig(AppConfig):
    name = "territoires.organisations"
    label = "organisations"
    verbose_name = "Organisations et personnes"

    def ready(self):
        from territoires.audit import registry

        from .contacts import PERSON_FIELDS

        registry.register(verbs=VERBS)
        # A contact's events carry its person's fields: named as the person's, in French.
        registry.register(
            "organisations.contact",
            fields={
                name: registry.field_info("organisations.person", name) for name in PERSON_FIELDS
            },
        )
