"""French names, in the admin, for the applications we install but do not write.

Their AppConfig is subclassed for the application's name (INSTALLED_APPS names these
classes); their models' names are given by our admin site (`core.admin_site`), since
changing a third-party model's options would ask for a migration inside the package."""

from axes.apps import AppConfig as AxesAppConfig
from django.contrib.admin.apps import AdminConfig
from django_tasks_db.apps import TasksAppConfig


class AxesConfig(AxesAppConfig):
    verbose_name = "Tentatives de connexion"


class TasksDatabaseConfig(TasksAppConfig):
    verbose_name = "Tâches de fond"


class FrenchAdminConfig(AdminConfig):
    default_site = "territoires.core.admin_site.FrenchAdminSite"
