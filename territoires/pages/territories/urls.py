from django.urls import path

from . import views

app_name = "territories"
TERRITORY = "territoires/<str:territory_code>/"
urlpatterns = [
    path(TERRITORY, views.detail, name="detail"),
    path(TERRITORY + "etape/", views.stage, name="stage"),
    path(TERRITORY + "etape/documents/<int:pk>/", views.stage_document, name="stage_document"),
    path(
        TERRITORY + "etape/documents/<int:pk>/ajouter/",
        views.stage_document_add,
        name="stage_document_add",
    ),
    path(TERRITORY + "fragilite/", views.fragility, name="fragility"),
]
