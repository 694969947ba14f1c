from django.apps import AppConfig


class ProgrammesConfig(AppConfig):
    name = "territoires.programmes"
    label = "programmes"
    verbose_name = "Programmes"
