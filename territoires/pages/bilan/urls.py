"""The bilan: /bilan/ and /regions/<region_code>/bilan/, each with .pdf and .docx."""

from django.urls import path

from . import views

app_name = "bilan"

urlpatterns = [
    path("bilan/", views.national, name="national"),
    path("bilan/bilan.pdf", views.national_pdf, name="national_pdf"),
    path("bilan/bilan.docx", views.national_docx, name="national_docx"),
    path("regions/<str:region_code>/bilan/", views.region, name="region"),
    path("regions/<str:region_code>/bilan/bilan.pdf", views.region_pdf, name="region_pdf"),
    path("regions/<str:region_code>/bilan/bilan.docx", views.region_docx, name="region_docx"),
]
