"""One error format for the whole API, and the exception handlers that produce it.

Every error answers `{"error": {"code": ..., "message": ..., "details": {...}}}` with a
French message, whatever raised it: ninja's request validation, a malformed body, the
authentication, the policy (PermissionDenied), a model's ValidationError, or a conflict
(`core.errors.ConflictError`: a stale edit, a workflow refusal). It knows no domain.

Each refusal is logged once on `territoires.api`, without a traceback: WARNING for 401,
403 and 429, INFO for the others. Only a server error (500) carries its traceback.
"""

import logging

from django.conf import settings
from django.core.exceptions import (
    BadRequest,
    PermissionDenied,
    RequestDataTooBig,
    SuspiciousOperation,
)
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from ninja.errors import AuthenticationError, AuthorizationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from territoires.core.errors import ConflictError, RateLimitedError

logger = logging.getLogger("territoires.api")

STATUS_BY_CODE = {
    "bad_request": 400,
    "unauthorized": 401,
    "forbidden": 403,
    "not_found": 404,
    "method_not_allowed": 405,
    "conflict": 409,
    "payload_too_large": 413,
    "validation_error": 422,
    "too_many_requests": 429,
    "server_error": 500,
}
CODE_BY_STATUS = {status: code for code, status in STATUS_BY_CODE.items()}

DEFAULT_MESSAGES = {
    "bad_request": "La requête est mal formée.",
    "unauthorized": "Authentification requise.",
    "forbidden": "Vous n'avez pas le droit d'effectuer cette action.",
    "not_found": "Ressource introuvable.",
    "method_not_allowed": "Méthode non autorisée sur cette adresse.",
    "conflict": "La ressource a changé entre-temps.",
    "payload_too_large": "Le corps de la requête dépasse la taille maximale acceptée.",
    "validation_error": "Les données envoyées ne sont pas valides.",
    "too_many_requests": "Trop de requêtes : réessayez plus tard.",
    "server_error": "Erreur interne du serveur.",
}

# French messages for the pydantic error types a client can trigger.
PYDANTIC_MESSAGES = {
    "missing": "Ce champ est obligatoire.",
    "extra_forbidden": "Ce champ n'existe pas ou ne peut pas être modifié.",
    "string_type": "Une chaîne de caractères est attendue.",
    "string_too_long": "Au plus {max_length} caractères.",
    "string_too_short": "Au moins {min_length} caractères.",
    "int_type": "Un nombre entier est attendu.",
    "int_parsing": "Un nombre entier est attendu.",
    "int_from_float": "Un nombre entier est attendu.",
    "greater_than_equal": "La valeur doit être supérieure ou égale à {ge}.",
    "greater_than": "La valeur doit être supérieure à {gt}.",
    "less_than_equal": "La valeur doit être inférieure ou égale à {le}.",
    "bool_type": "Un booléen (true ou false) est attendu.",
    "bool_parsing": "Un booléen (true ou false) est attendu.",
    "date_type": "Une date AAAA-MM-JJ est attendue.",
    "date_parsing": "Une date AAAA-MM-JJ est attendue.",
    "date_from_datetime_parsing": "Une date AAAA-MM-JJ est attendue.",
    "date_from_datetime_inexact": "Une date AAAA-MM-JJ est attendue.",
    "decimal_type": "Un montant décimal est attendu.",
    "decimal_parsing": "Un montant décimal est attendu.",
    "decimal_max_digits": "Au plus {max_digits} chiffres.",
    "decimal_max_places": "Au plus {decimal_places} décimales.",
    "decimal_whole_digits": "Au plus {whole_digits} chiffres avant la virgule.",
    "list_type": "Une liste est attendue.",
    "model_type": "Un objet JSON est attendu.",
    "model_attributes_type": "Un objet JSON est attendu.",
    "dict_type": "Un objet JSON est attendu.",
    "enum": "Valeur inconnue. Valeurs possibles : {expected}.",
    "literal_error": "Valeur inconnue. Valeurs possibles : {expected}.",
    "finite_number": "Un nombre fini est attendu.",
    "value_error": "{error}",
    "json_invalid": "Le corps de la requête n'est pas du JSON valide.",
}


class ApiError(Exception):
    """An error the API answers as is: `code` is one of STATUS_BY_CODE."""

    def __init__(self, code, message=None, details=None):
        self.code = code
        self.message = message or DEFAULT_MESSAGES[code]
        self.details = details or {}
        super().__init__(self.message)


def error_body(code, message=None, details=None):
    return {
        "error": {
            "code": code,
            "message": message or DEFAULT_MESSAGES[code],
            "details": details or {},
        }
    }


# Refusals that may be an attack are warnings; the others are the API doing its job.
WARNING_STATUSES = frozenset({401, 403, 429})


def _log_refusal(request, status, code, message):
    """One line per refused call, without a traceback: who, what, and the answer given."""
    user = getattr(request, "user", None)
    who = f"compte {user.pk}" if user is not None and user.is_authenticated else "anonyme"
    logger.log(
        logging.WARNING if status in WARNING_STATUSES else logging.INFO,
        "API %s %s : %s %s (%s) : %s",
        status,
        code,
        request.method,
        request.path,
        who,
        message,
    )


def _respond(api, request, code, message=None, details=None, status=None):
    status = status or STATUS_BY_CODE[code]
    body = error_body(code, message, details)
    response = api.create_response(request, body, status=status)
    if status < 500:
        _log_refusal(request, status, code, body["error"]["message"])
    # Logged here (a refusal) or by `unexpected` (with its traceback): Django's request
    # logger need not log it a second time.
    response._has_been_logged = True
    return response


def too_large_message():
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    size = f"{limit / (1024 * 1024):.1f} Mo".replace(".", ",") if limit else "la limite"
    return f"Le corps de la requête dépasse la taille maximale acceptée ({size})."


def site_error(request, status, exception=None):
    """The answer of the site's error handlers (territoires/urls.py) to a request under
    /api/: what fails before or outside ninja's handlers (an odd address that no API
    route takes, a request refused by a middleware) still answers the common format."""
    if isinstance(exception, RequestDataTooBig):
        code, message = "payload_too_large", too_large_message()
    elif isinstance(exception, BadRequest) and exception.args:
        code, message = "bad_request", str(exception)
    else:
        code = CODE_BY_STATUS.get(status, "bad_request")
        message = "Adresse inconnue dans l'API." if status == 404 else None
    status = STATUS_BY_CODE[code]
    body = error_body(code, message, {"path": request.path} if status == 404 else None)
    response = JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})
    if status < 500:
        _log_refusal(request, status, code, body["error"]["message"])
        response._has_been_logged = True
    return response


def _pydantic_message(error):
    template = PYDANTIC_MESSAGES.get(error.get("type"))
    if template is None:
        return error.get("msg", DEFAULT_MESSAGES["validation_error"])
    try:
        return template.format(**(error.get("ctx") or {}))
    except (KeyError, IndexError):
        return error.get("msg", DEFAULT_MESSAGES["validation_error"])


def _field_path(loc):
    """("body", "payload", "steps", 0, "title") → "steps.0.title"; ("query", "page") → "page";
    ("body", "payload") → "__all__" (the body as a whole)."""
    parts = list(loc)
    if parts and parts[0] in ("body", "query", "path", "header", "cookie", "form", "file"):
        source = parts.pop(0)
        if source == "body" and parts:
            parts.pop(0)  # the name of the body parameter of the operation
    return ".".join(str(part) for part in parts) or "__all__"


def fields_from_ninja(errors):
    fields = {}
    for error in errors:
        if error.get("type") == "json_invalid":
            continue
        fields.setdefault(_field_path(error.get("loc", ())), []).append(_pydantic_message(error))
    return fields


def fields_from_django(exc):
    if hasattr(exc, "error_dict"):
        return {
            ("__all__" if name == "__all__" else name): list(messages)
            for name, messages in exc.message_dict.items()
        }
    return {"__all__": list(exc.messages)}


def install(api):
    """Register the handlers on the NinjaAPI: every error leaves in the common format."""

    def api_error(request, exc):
        return _respond(api, request, exc.code, exc.message, exc.details)

    def ninja_validation(request, exc):
        if any(error.get("type") == "json_invalid" for error in exc.errors):
            return _respond(api, request, "bad_request", PYDANTIC_MESSAGES["json_invalid"])
        return _respond(
            api, request, "validation_error", details={"fields": fields_from_ninja(exc.errors)}
        )

    def django_validation(request, exc):
        return _respond(
            api, request, "validation_error", details={"fields": fields_from_django(exc)}
        )

    def authentication(request, exc):
        message = (
            exc.message if isinstance(exc.message, str) and exc.message != "Unauthorized" else None
        )
        response = _respond(api, request, "unauthorized", message)
        response["WWW-Authenticate"] = 'Bearer realm="api"'
        return response

    def authorization(request, exc):
        message = exc.message if exc.message != "Forbidden" else None
        return _respond(api, request, "forbidden", message)

    def http_error(request, exc):
        code = CODE_BY_STATUS.get(exc.status_code, "bad_request")
        if exc.status_code == 400:
            # ninja's own 400: a body that cannot be parsed (malformed JSON).
            return _respond(api, request, "bad_request", PYDANTIC_MESSAGES["json_invalid"])
        status = exc.status_code if code in STATUS_BY_CODE else 400
        return _respond(api, request, code, status=status)

    def not_found(request, exc):
        return _respond(api, request, "not_found")

    def permission_denied(request, exc):
        message = str(exc) or None
        return _respond(api, request, "forbidden", message)

    def conflict(request, exc):
        # A stale edit carries the current version and id, a workflow refusal the field.
        return _respond(api, request, "conflict", exc.message, exc.details)

    def rate_limited(request, exc):
        response = _respond(api, request, "too_many_requests", exc.message)
        if exc.retry_after:
            response["Retry-After"] = str(exc.retry_after)
        return response

    def too_large(request, exc):
        return _respond(api, request, "payload_too_large", too_large_message())

    def suspicious(request, exc):
        return _respond(
            api, request, "bad_request", str(exc) if isinstance(exc, BadRequest) else None
        )

    def unexpected(request, exc):
        logger.exception("Erreur non gérée dans l'API : %s", exc, exc_info=exc)
        return _respond(api, request, "server_error")

    # Most specific first is not required: ninja looks up the exception's MRO.
    api.add_exception_handler(Exception, unexpected)
    api.add_exception_handler(ApiError, api_error)
    api.add_exception_handler(NinjaValidationError, ninja_validation)
    api.add_exception_handler(DjangoValidationError, django_validation)
    api.add_exception_handler(HttpError, http_error)
    api.add_exception_handler(AuthenticationError, authentication)
    api.add_exception_handler(AuthorizationError, authorization)
    api.add_exception_handler(Http404, not_found)
    api.add_exception_handler(PermissionDenied, permission_denied)
    api.add_exception_handler(ConflictError, conflict)
    api.add_exception_handler(RateLimitedError, rate_limited)
    api.add_exception_handler(SuspiciousOperation, suspicious)
    api.add_exception_handler(BadRequest, suspicious)
    api.add_exception_handler(RequestDataTooBig, too_large)
