"""Contact URLs, included at the site root: /territoires/<territory_code>/contacts/..."""

from django.urls import path

from . import views

app_name = "contacts"

CONTACTS = "territoires/<str:territory_code>/contacts/"
CONTACT = CONTACTS + "<int:pk>/"

urlpatterns = [
    path(CONTACTS, views.contact_list, name="index"),
    path(CONTACTS + "ajouter/", views.contact_add, name="add"),
    path(CONTACTS + "importer/", views.contact_import_page, name="import"),
    path(CONTACTS + "listes/nouvelle/", views.list_create, name="list_create"),
    path(CONTACTS + "listes/<int:list_pk>/supprimer/", views.list_delete, name="list_delete"),
    path(CONTACT, views.contact_detail, name="detail"),
    path(CONTACT + "etiquettes/", views.contact_tags, name="tags"),
    path(CONTACT + "consentement/", views.contact_consent, name="consent"),
    path(CONTACT + "donnees.json", views.contact_export, name="export"),
    path(CONTACT + "effacer/", views.contact_erase, name="erase"),
]
