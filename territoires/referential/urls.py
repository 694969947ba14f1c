from django.urls import path

from . import views

app_name = "referential"
urlpatterns = [
    path("", views.home, name="home"),
    path("territoires/<str:code>/", views.territory, name="territory"),
    path("territoires/<str:code>/etape/", views.territory_stage, name="territory_stage"),
]
