"""The admin site: Django's, with French names for the models of third-party packages
in its index and menus (see `core.thirdparty` for their applications' names)."""

from django.contrib import admin

# "app_label.ObjectName" → French plural name shown in the admin.
MODEL_NAMES = {
    "django_tasks_database.DBTaskResult": "Résultats des tâches",
}


class FrenchAdminSite(admin.AdminSite):
    site_header = "Territoires d'industrie – administration"
    site_title = "Administration"

    def get_app_list(self, request, app_label=None):
        app_list = super().get_app_list(request, app_label)
        for app in app_list:
            for model in app["models"]:
                name = MODEL_NAMES.get(f"{app['app_label']}.{model['object_name']}")
                if name:
                    model["name"] = name
        return app_list
