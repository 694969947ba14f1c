from django.apps import AppConfig


class PagesConfig(AppConfig):
    name = "territoires.pages"
    label = "pages"
    verbose_name = "Pages"
