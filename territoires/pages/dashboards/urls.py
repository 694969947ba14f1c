from django.urls import path

from . import views

app_name = "dashboards"
urlpatterns = [
    path("tableau-de-bord/", views.national, name="national"),
    path("tableau-de-bord/regions/<str:region_code>/", views.region, name="region"),
    path("tableau-de-bord/fiches/", views.sheets, name="sheets"),
    path("tableau-de-bord/territoires/", views.territories, name="territories"),
    path("tableau-de-bord/donnees/<str:figure>.csv", views.figure_csv, name="csv"),
    path("territoires/<str:territory_code>/tableau-de-bord/", views.territory, name="territory"),
]
