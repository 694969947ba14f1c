"""API v1 of the platform, mounted at /api/v1/ (OpenAPI at /api/v1/openapi.json, docs at
/api/v1/docs)."""

from functools import wraps

from django.conf import settings
from django.http import HttpResponseNotAllowed, HttpResponsePermanentRedirect
from django.urls import Resolver404, URLPattern, resolve
from ninja import NinjaAPI, Router
from ninja.renderers import JSONRenderer

from . import errors
from .action_sheets import router as action_sheets_router
from .auth import ApiAuth
from .catalogue import router as catalogue_router
from .catalogue import sheets_router as similar_router
from .docs import LocalSwagger
from .errors import ApiError
from .funding import router as schemes_router
from .funding import sheets_router as funding_router
from .meetings import router as events_router
from .meetings import sheets_router as feedback_router
from .stats import router as stats_router
from .territories import router as territories_router

DESCRIPTION = """
API de la plateforme Territoires d'industrie : territoires, fiches action, catalogue des
dispositifs de financement, plan de financement et dispositifs suggérés de chaque fiche,
rencontres avec leur ordre du jour et avis des entreprises sur les fiches, catalogue
public des actions publiées par tous les territoires.

**Authentification** : jeton personnel révocable (`Authorization: Bearer <jeton>`), ou la
session d'un navigateur connecté (les modifications demandent alors le jeton CSRF). Sans
authentification, la lecture ne montre que le contenu public.

**Erreurs** : toujours `{"error": {"code": …, "message": …, "details": {…}}}`, avec un
message en français. Codes : `bad_request` (400), `unauthorized` (401), `forbidden` (403),
`not_found` (404), `method_not_allowed` (405), `conflict` (409), `validation_error` (422),
`too_many_requests` (429).

**Fiches supprimées** : une fiche mise à la corbeille n'apparaît plus nulle part dans
l'API (listes, recherche, détail, historique, fiches liées) ; son adresse répond 404.

**Modifications concurrentes** : `PATCH` exige la version lue (`version` ou en-tête
`If-Match`) ; une version périmée donne 409 et rien n'est écrit.
"""


class Utf8JsonRenderer(JSONRenderer):
    """JSON with accented letters as they are ("é", not "\\u00e9")."""

    json_dumps_params = {"ensure_ascii": False}


# The errors any operation may answer, whatever its own code does: a request refused for
# its text (400), an unknown or revoked token (401), a page past the last or an unknown id
# (404), a malformed parameter (422); and for a body, one too large (413). The OpenAPI says
# so, so that a client (and schemathesis) expects them.
COMMON_ERRORS = {
    "400": "Requête mal formée (caractère nul, JSON invalide…).",
    "401": "Jeton inconnu, révoqué ou expiré.",
    "404": "Ressource ou page introuvable.",
    "422": "Paramètres invalides.",
}
BODY_ERRORS = {"413": "Corps de la requête trop volumineux."}
SAFE_METHODS = ("get", "head", "options")


class PlatformApi(NinjaAPI):
    """NinjaAPI whose every answer, 405 included, uses the common error format, and whose
    OpenAPI lists the common errors of every operation and says that reading needs no
    authentication (an anonymous call reads the public content)."""

    def get_openapi_schema(self, *args, **kwargs):
        schema = super().get_openapi_schema(*args, **kwargs)
        error = {"$ref": "#/components/schemas/ErrorResponse"}
        for operations in schema["paths"].values():
            for method, operation in operations.items():
                responses = operation.setdefault("responses", {})
                errors = COMMON_ERRORS if method in SAFE_METHODS else COMMON_ERRORS | BODY_ERRORS
                for status, description in errors.items():
                    responses.setdefault(
                        int(status),
                        {
                            "description": description,
                            "content": {"application/json": {"schema": error}},
                        },
                    )
                if method in SAFE_METHODS and operation.get("security"):
                    operation["security"] = [*operation["security"], {}]
        return schema

    def _get_urls(self):
        patterns = super()._get_urls()
        for pattern in patterns:
            if isinstance(pattern, URLPattern):
                pattern.callback = self._json_not_allowed(pattern.callback)
        return patterns

    def _json_not_allowed(self, view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            response = view(request, *args, **kwargs)
            if isinstance(response, HttpResponseNotAllowed):
                allowed = response["Allow"]
                response = self.create_response(
                    request,
                    errors.error_body(
                        "method_not_allowed",
                        f"Méthode {request.method} non autorisée sur cette adresse.",
                        {"allowed": [m.strip() for m in allowed.split(",") if m.strip()]},
                    ),
                    status=405,
                )
                response["Allow"] = allowed
            return response

        return wrapper


api = PlatformApi(
    title="Territoires d'industrie",
    version="1",
    description=DESCRIPTION,
    auth=ApiAuth(),
    docs=LocalSwagger(),
    docs_url="/docs",
    openapi_url="/openapi.json",
    urls_namespace="api-v1",
    renderer=Utf8JsonRenderer(),
)
errors.install(api)
api.add_router("/territories/", territories_router)
api.add_router("/action-sheets/", action_sheets_router)
api.add_router("/action-sheets/", funding_router)
api.add_router("/schemes/", schemes_router)
api.add_router("/events/", events_router)
api.add_router("/action-sheets/", feedback_router)
api.add_router("/catalogue/", catalogue_router)
api.add_router("/action-sheets/", similar_router)
api.add_router("/stats/", stats_router)

# Last: any other address under /api/v1/ answers a 404 in the common format.
fallback = Router()
FALLBACK_URL_NAME = "unknown-address"


@fallback.api_operation(
    ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"],
    "/{path:rest}",
    include_in_schema=False,
    auth=None,
    url_name=FALLBACK_URL_NAME,
)
def unknown_address(request, rest: str):
    """A GET without the final slash of a known address is redirected (like APPEND_SLASH);
    anything else is a 404 in the common format."""
    if request.method in ("GET", "HEAD") and settings.APPEND_SLASH and not rest.endswith("/"):
        try:
            match = resolve(request.path + "/")
        except Resolver404:
            match = None
        if match is not None and match.url_name != FALLBACK_URL_NAME:
            query = request.META.get("QUERY_STRING", "")
            return HttpResponsePermanentRedirect(
                request.path + "/" + (f"?{query}" if query else "")
            )
    raise ApiError("not_found", "Adresse inconnue dans l'API.", {"path": request.path})


api.add_router("", fallback)
