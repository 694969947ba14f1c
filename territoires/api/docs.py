"""The documentation page of the API: a page of the site (DSFR header and footer, French
text) around Swagger UI, which comes from the pinned `swagger-ui-dist` package
(assets.toml) and is served from our static files, never from a CDN."""

import json

from django.shortcuts import render
from django.urls import reverse
from ninja.openapi.docs import DocsBase, _csrf_needed


class LocalSwagger(DocsBase):
    template = "api/docs.html"
    settings = {
        # No deep links: Swagger UI puts them inside the operation's button (a link in a
        # button is "nested-interactive" for axe-core).
        "deepLinking": False,
        "validatorUrl": None,  # the default badge calls validator.swagger.io
        "docExpansion": "list",
        "defaultModelsExpandDepth": 0,
        "syntaxHighlight": False,
    }

    def render_page(self, request, api, **kwargs):
        openapi_url = self.get_openapi_url(api, kwargs)
        settings = {**self.settings, "url": openapi_url}
        context = {
            # "<" escaped so that the JSON cannot close the <script> element.
            "swagger_settings": json.dumps(settings).replace("<", "\\u003c"),
            "api": api,
            "openapi_url": openapi_url,
            "add_csrf": _csrf_needed(api),
            "breadcrumb": [("Accueil", reverse("home:index")), ("Documentation de l’API", None)],
        }
        return render(request, self.template, context)
