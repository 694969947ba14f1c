from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from territoires.api.api import api

admin.site.site_header = "Territoires d'industrie – administration"
admin.site.site_title = "Administration"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("", include("territoires.pages.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
