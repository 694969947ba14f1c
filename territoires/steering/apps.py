from django.apps import AppConfig


class SteeringConfig(AppConfig):
    name = "territoires.steering"
    label = "steering"
    verbose_name = "Pilotage du programme"
