"""The financing plan of a fiche: /territoires/<territory_code>/fiches/<code>/financement/…"""

from django.urls import path

from . import catalogue, money, views

app_name = "funding"

PLAN = "territoires/<str:territory_code>/fiches/<str:code>/financement/"

urlpatterns = [
    path("dispositifs/", catalogue.scheme_catalogue, name="catalogue"),
    path("dispositifs/alertes/", catalogue.alert_list, name="alerts"),
    path("dispositifs/alertes/nouvelle/", catalogue.alert_create, name="alert_create"),
    path("dispositifs/alertes/<int:pk>/supprimer/", catalogue.alert_delete, name="alert_delete"),
    path(
        "dispositifs/alertes/desabonnement/<str:token>/",
        catalogue.alert_unsubscribe,
        name="alert_unsubscribe",
    ),
    path("financements/", money.national_money, name="national"),
    path("regions/<str:region_code>/financements/", money.region_money, name="region"),
    path("territoires/<str:territory_code>/financements/", money.territory_money, name="territory"),
    path(PLAN, views.sheet_funding, name="sheet"),
    path(PLAN + "lignes/ajouter/", views.line_add, name="line_add"),
    path(PLAN + "lignes/<int:pk>/statut/", views.line_status, name="line_status"),
    path(PLAN + "lignes/<int:pk>/retirer/", views.line_remove, name="line_remove"),
    path(PLAN + "lignes/<int:pk>/modifier/", views.line_edit, name="line_edit"),
    path(PLAN + "autofinancement/", views.self_funding, name="self_funding"),
    path(
        PLAN + "suggestions/<int:scheme_pk>/ajouter/", views.suggestion_add, name="suggestion_add"
    ),
    path(
        PLAN + "suggestions/<int:scheme_pk>/ecarter/",
        views.suggestion_dismiss,
        name="suggestion_dismiss",
    ),
]
