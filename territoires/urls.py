from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from territoires.api.api import api

admin.site.site_header = "Territoires d'industrie – administration"
admin.site.site_title = "Administration"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("", include("territoires.accounts.urls")),  # /compte/… and /territoires/<code>/membres/
    path("", include("territoires.plans.urls")),
    path("", include("territoires.organisations.urls")),  # /territoires/<code>/annuaire/…
    path("", include("territoires.referential.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
