from django.apps import AppConfig

VERBS = {
    "membership.added": "Membre ajouté",
    "membership.role_changed": "Rôle de membre modifié",
    "membership.removed": "Membre retiré",
    "api_token.issued": "Jeton d'API créé",
    "api_token.revoked": "Jeton d'API révoqué",
}


class AccountsConfig(AppConfig):
    name = "territoires.accounts"
    label = "accounts"
    verbose_name = "Comptes et droits"

    def ready(self):
        from territoires.audit import registry

        registry.register(verbs=VERBS)
