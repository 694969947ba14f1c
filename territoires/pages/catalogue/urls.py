from django.urls import path

from . import views

app_name = "catalogue"
urlpatterns = [
    path("actions/", views.index, name="index"),
]
