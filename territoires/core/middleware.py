"""Middleware of the common layer."""

import json

from django.core.exceptions import BadRequest, RequestDataTooBig
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


NUL_MESSAGE = (
    "La requête contient un caractère nul (\\u0000), refusé dans tout texte : "
    "retirez-le et réessayez."
)
SURROGATE_MESSAGE = (
    "La requête contient un caractère qui n'existe pas en UTF-8 (demi-paire de "
    "substitution isolée, par exemple \\ud800) : corrigez le texte et réessayez."
)


def _strings(value):
    """Every string of a decoded JSON document, keys included."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def unreadable_text_message(texts):
    """The French refusal for the first text that no database can store as text (a NUL
    character, a lone UTF-16 surrogate), or None when they are all storable."""
    for text in texts:
        if "\x00" in text:
            return NUL_MESSAGE
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            return SURROGATE_MESSAGE
    return None


class UnstorableTextMiddleware:
    """Refuse, with a French 400, any request whose text no database can store: a NUL
    character or a lone surrogate in the path, the query string, a form field or a JSON
    body (PostgreSQL refuses NUL in text; encoding a lone surrogate fails). One place for
    every page, form and API endpoint: nothing downstream needs to care.

    It raises django.core.exceptions.BadRequest, which the site's 400 handler answers (a
    page, or the API's JSON error under /api/). A body over DATA_UPLOAD_MAX_MEMORY_SIZE
    is left to the view (the API answers 413)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        message = unreadable_text_message(self._texts(request))
        if message:
            raise BadRequest(message)
        return self.get_response(request)

    def _texts(self, request):
        yield request.path
        for key, values in request.GET.lists():
            yield key
            yield from values
        content_type = request.content_type or ""
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return
        if content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
            try:
                items = list(request.POST.lists())
            except RequestDataTooBig:
                return
            for key, values in items:
                yield key
                yield from (value for value in values if isinstance(value, str))
        elif content_type == "application/json" or content_type.endswith("+json"):
            try:
                document = json.loads(request.body)
            except RequestDataTooBig:
                return
            except ValueError:
                return  # malformed: the view says so
            yield from _strings(document)
