"""Directory URLs, included at the site root: /territoires/<territory_code>/annuaire/..."""

from django.urls import path

from . import views

app_name = "directory"

DIRECTORY = "territoires/<str:territory_code>/annuaire/"

urlpatterns = [
    path(DIRECTORY, views.index, name="index"),
    path(DIRECTORY + "personnes/ajouter/", views.person_add, name="person_add"),
    path(DIRECTORY + "personnes/<int:pk>/modifier/", views.person_edit, name="person_edit"),
    path(DIRECTORY + "roles/ajouter/", views.role_add, name="role_add"),
    path(DIRECTORY + "roles/<int:pk>/modifier/", views.role_edit, name="role_edit"),
    path(DIRECTORY + "roles/<int:pk>/terminer/", views.role_end, name="role_end"),
    path(DIRECTORY + "partenaires/ajouter/", views.partner_add, name="partner_add"),
    path(DIRECTORY + "partenaires/nouveau/", views.partner_create, name="partner_create"),
    path(DIRECTORY + "partenaires/<int:pk>/retirer/", views.partner_remove, name="partner_remove"),
]
