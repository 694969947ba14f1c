from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "territoires.demo"
    label = "demo"
    verbose_name = "Démonstration"
