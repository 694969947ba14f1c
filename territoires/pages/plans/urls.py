from django.urls import path

from . import views

app_name = "plans"

SHEET = "territoires/<str:territory_code>/fiches/<str:code>/"

urlpatterns = [
    path(
        "territoires/<str:territory_code>/fiches/nouvelle/",
        views.sheet_create,
        name="sheet_create",
    ),
    path("territoires/<str:territory_code>/corbeille/", views.trash, name="trash"),
    path(
        "territoires/<str:territory_code>/corbeille/<str:code>/restaurer/",
        views.sheet_restore,
        name="sheet_restore",
    ),
    path(SHEET, views.sheet_detail, name="sheet_detail"),
    path(SHEET + "modifier/", views.sheet_edit, name="sheet_edit"),
    path(SHEET + "statut/", views.sheet_status, name="sheet_status"),
    path(SHEET + "supprimer/", views.sheet_delete, name="sheet_delete"),
    path(SHEET + "s-en-inspirer/", views.sheet_inspire, name="sheet_inspire"),
    path(SHEET + "documents/ajouter/", views.document_add, name="document_add"),
    path(SHEET + "documents/<int:pk>/", views.document_download, name="document_download"),
    path(SHEET + "documents/<int:pk>/retirer/", views.document_remove, name="document_remove"),
]
