from django.conf import settings
from django.contrib import admin
from django.templatetags.static import static as static_url
from django.urls import include, path
from django.views import defaults
from django.views.generic import RedirectView

from territoires.api import errors as api_errors
from territoires.api.api import api
from territoires.pages import errors as page_errors

admin.site.site_header = "Territoires d'industrie – administration"
admin.site.site_title = "Administration"
# Django's admin login page has no level-one heading (axe-core, RGAA 9.1): ours adds it.
admin.site.login_template = "accounts/admin_login.html"


class FaviconView(RedirectView):
    """/favicon.ico, which browsers ask for on pages that name no icon (the admin, JSON)."""

    permanent = False

    def get_redirect_url(self, *args, **kwargs):
        return static_url("dsfr/dist/favicon/favicon.ico")


API_PREFIX = "/api/"


def _api_or_page(status, page_view):
    """A handler of the site's errors: the API's JSON error format under /api/ (an odd
    address no API route takes, a request a middleware refused, a body too large), the
    page otherwise."""

    def handler(request, exception=None):
        if request.path.startswith(API_PREFIX):
            return api_errors.site_error(request, status, exception)
        return page_view(request, exception) if status != 500 else page_view(request)

    return handler


handler400 = _api_or_page(400, page_errors.bad_request)
handler403 = _api_or_page(403, page_errors.permission_denied)
handler404 = _api_or_page(404, defaults.page_not_found)
handler500 = _api_or_page(500, page_errors.server_error)

urlpatterns = [
    path("favicon.ico", FaviconView.as_view()),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("", include("territoires.pages.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
