from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "territoires.plans"
    label = "plans"
    verbose_name = "Plans d'action"
