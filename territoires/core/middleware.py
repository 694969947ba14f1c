"""Middleware of the common layer."""

from django.utils.cache import patch_cache_control


class PrivateCacheMiddleware:
    """`Cache-Control: private, no-store` on every answer to an authenticated request.

    A signed-in user (session) or an API token's owner may be shown restricted content;
    neither the browser's history cache nor a shared proxy may keep it. The request's
    user is read after the view, so that the API's token authentication counts too.
    Anonymous answers show public content only and keep their caching headers."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
        return response
