from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "territoires.api"
    label = "api"
    verbose_name = "API"
