from django.conf import settings
from django.contrib import admin
from django.templatetags.static import static as static_url
from django.urls import include, path
from django.views.generic import RedirectView

from territoires.api.api import api

admin.site.site_header = "Territoires d'industrie – administration"
admin.site.site_title = "Administration"
# Django's admin login page has no level-one heading (axe-core, RGAA 9.1): ours adds it.
admin.site.login_template = "accounts/admin_login.html"


class FaviconView(RedirectView):
    """/favicon.ico, which browsers ask for on pages that name no icon (the admin, JSON)."""

    permanent = False

    def get_redirect_url(self, *args, **kwargs):
        return static_url("dsfr/dist/favicon/favicon.ico")


handler403 = "territoires.pages.errors.permission_denied"
handler500 = "territoires.pages.errors.server_error"

urlpatterns = [
    path("favicon.ico", FaviconView.as_view()),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("", include("territoires.pages.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
