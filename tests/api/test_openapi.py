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
    "/api/v1/action-sheets/{sheet_id}/funding/": {"get", "post"},
    "/api/v1/action-sheets/{sheet_id}/suggested-schemes/": {"get"},
    "/api/v1/schemes/": {"get"},
    "/api/v1/schemes/{scheme_id}/": {"get"},
    "/api/v1/events/": {"get"},
    "/api/v1/events/{event_id}/": {"get"},
    "/api/v1/action-sheets/{sheet_id}/feedback/": {"get", "post"},
    "/api/v1/catalogue/": {"get"},
    "/api/v1/action-sheets/{sheet_id}/similar/": {"get"},
    "/api/v1/stats/national/": {"get"},
    "/api/v1/stats/regions/{code}/": {"get"},
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


def test_docs_page_is_a_page_of_the_site_loading_swagger_ui_from_our_static_files(api_client):
    response = api_client.get("/api/v1/docs")

    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="fr-header"' in html and 'class="fr-footer"' in html
    assert "<h1>Documentation de l’API v1</h1>" in html
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    for name in ("swagger-ui-bundle", "swagger-ui"):
        pattern = rf"/static/vendor/swagger-ui/{name}\.[0-9a-f]{{12}}\.(js|css)"
        assert any(re.fullmatch(pattern, url) for url in assets), name
    assert not re.search(r'(?:src|href)="(?:https?:)?//', html)
    assert "cdn" not in html.lower()
    assert "/api/v1/openapi.json" in html


def test_swagger_files_come_from_the_pinned_package_with_their_licence():
    for name in ("swagger-ui-bundle.js", "swagger-ui.css", "LICENSE", "NOTICE"):
        assert finders.find(f"vendor/swagger-ui/{name}"), name
    assert finders.find("api/docs.js")
    licence = Path(finders.find("vendor/swagger-ui/LICENSE")).read_text(encoding="utf-8")
    assert "Apache License" in licence
