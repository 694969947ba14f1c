"""Mon espace: /mon-espace/…, and following a fiche from its page."""

from django.urls import path

from . import views

app_name = "workspace"

SHEET = "territoires/<str:territory_code>/fiches/<str:code>/"

urlpatterns = [
    path("mon-espace/", views.index, name="index"),
    path("mon-espace/a-valider/", views.queue, name="queue"),
    path("mon-espace/notifications/tout-lu/", views.mark_all_read, name="mark_all_read"),
    path("mon-espace/notifications/<int:pk>/lue/", views.mark_read, name="mark_read"),
    path("mon-espace/notifications/reglages/", views.notification_settings, name="settings"),
    path(SHEET + "suivre/", views.follow, name="follow"),
    path(SHEET + "ne-plus-suivre/", views.unfollow, name="unfollow"),
]
