"""The documentation page of the API, with Swagger UI served from our static files."""

import json

from django.shortcuts import render
from ninja.openapi.docs import DocsBase, _csrf_needed


class LocalSwagger(DocsBase):
    """Swagger UI from territoires/api/static/api/vendor/swagger-ui (no CDN: the platform
    may run without internet access)."""

    template = "api/docs.html"
    settings = {
        "layout": "BaseLayout",
        "deepLinking": True,
        "validatorUrl": None,  # the default badge calls validator.swagger.io
        "docExpansion": "list",
    }

    def render_page(self, request, api, **kwargs):
        settings = {**self.settings, "url": self.get_openapi_url(api, kwargs)}
        context = {
            # "<" escaped so that the JSON cannot close the <script> element.
            "swagger_settings": json.dumps(settings).replace("<", "\\u003c"),
            "api": api,
            "add_csrf": _csrf_needed(api),
        }
        return render(request, self.template, context)
