from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "territoires.organisations"
    label = "organisations"
    verbose_name = "Organisations et personnes"
