"""The OpenAPI document and the documentation page, served without any CDN."""

import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db

EXPECTED_PATHS = {
    "/api/v1/territories/": {"get"},
    "/api/v1/territories/{code}/": {"get"},
    "/api/v1/action-sheets/": {"get"},
    "/api/v1/action-sheets/{sheet_id}/": {"get", "patch"},
    "/api/v1/action-sheets/{sheet_id}/history/": {"get"},
}


def test_openapi_document_is_json_listing_every_path(api_client):
    response = api_client.get("/api/v1/openapi.json")

    assert response.status_code == 200
    document = response.json()
    assert document["openapi"].startswith("3.")
    assert document["info"]["version"] == "1"
    assert {path: set(ops) for path, ops in document["paths"].items()} == EXPECTED_PATHS
    assert document["components"]["securitySchemes"]["ApiAuth"]["scheme"] == "bearer"


def test_openapi_documents_the_common_error_format(api_client):
    document = api_client.get("/api/v1/openapi.json").json()

    patch = document["paths"]["/api/v1/action-sheets/{sheet_id}/"]["patch"]
    assert {"403", "404", "409", "422"} <= set(patch["responses"])
    assert "ErrorResponse" in document["components"]["schemas"]


def test_docs_page_loads_swagger_ui_from_local_static_files_only(api_client):
    response = api_client.get("/api/v1/docs")

    assert response.status_code == 200
    html = response.content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert "/static/api/vendor/swagger-ui/swagger-ui-bundle.js" in assets
    assert "/static/api/vendor/swagger-ui/swagger-ui.css" in assets
    assert all(url.startswith("/static/") or url.startswith("data:") for url in assets), assets
    assert not re.search(r'(?:src|href)="(?:https?:)?//', html)
    assert "cdn" not in html.lower()
    assert "/api/v1/openapi.json" in html


def test_vendored_swagger_files_exist_with_their_licence():
    for name in ("swagger-ui-bundle.js", "swagger-ui.css", "LICENSE", "README.md"):
        assert finders.find(f"api/vendor/swagger-ui/{name}"), name
    assert finders.find("api/docs.js")
    readme = Path(finders.find("api/vendor/swagger-ui/README.md")).read_text(encoding="utf-8")
    assert "Apache" in readme
