"""The static files storage (territoires/core/staticfiles.py): what the browser receives
matches the `integrity` django-dsfr declares, our own files keep hashed names, and a
collectstatic that finds nothing new does nothing."""

import base64
import hashlib
import importlib
import re
import shutil

import pytest
from django.core.files.storage import FileSystemStorage
from django.test import Client
from dsfr import checksums

from territoires.core.staticfiles import INPUTS_NAME, PlatformStaticFilesStorage, ReusingCompressor

pytestmark = pytest.mark.django_db


def sri(content, algorithm="sha384"):
    digest = hashlib.new(algorithm, content).digest()
    return f"{algorithm}-{base64.b64encode(digest).decode()}"


def served(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return b"".join(response.streaming_content)


def test_every_integrity_attribute_of_a_page_matches_the_file_served():
    client = Client()
    html = client.get("/").content.decode()

    tags = re.findall(r"<(?:link|script)\b[^>]*\bintegrity=\"[^\"]+\"[^>]*>", html)
    assert len(tags) == 4, tags  # DSFR and utility stylesheets, module and nomodule scripts
    for tag in tags:
        url = re.search(r"\b(?:href|src)=\"([^\"]+)\"", tag).group(1)
        integrity = re.search(r"\bintegrity=\"([^\"]+)\"", tag).group(1)
        assert sri(served(client, url)) == integrity, url
    assert set(re.findall(r"integrity=\"([^\"]+)\"", html)) == {
        checksums.INTEGRITY_CSS,
        checksums.INTEGRITY_UTILITY_CSS,
        checksums.INTEGRITY_JS_MODULE,
        checksums.INTEGRITY_JS_NOMODULE,
    }


def test_own_and_fetched_assets_are_served_under_hashed_names():
    html = Client().get("/").content.decode()

    for name in ("core/platform", "vendor/htmx/htmx.min", "dsfr/dist/dsfr/dsfr.min"):
        assert re.search(rf"/static/{re.escape(name)}\.[0-9a-f]{{12}}\.(css|js)\"", html), name


def test_tests_use_the_production_static_storage(settings):
    production = importlib.import_module("territoires.settings")

    assert settings.STORAGES["staticfiles"] == production.STORAGES["staticfiles"]
    assert production.STORAGES["staticfiles"]["BACKEND"] == (
        "territoires.core.staticfiles.PlatformStaticFilesStorage"
    )
    assert not getattr(settings, "WHITENOISE_USE_FINDERS", False)


# The storage on a few files of its own -------------------------------------------------

IMAGE = b"\x89PNG\r\n\x1a\n" + b"\0" * 64
THIRD_PARTY_CSS = b'.icon { background: url("../icons/arrow.png"); }\n' * 20
OWN_CSS = b'.logo { background: url("logo.png"); }\n' * 20


@pytest.fixture
def sources(tmp_path):
    root = tmp_path / "sources"
    files = {
        "dsfr/dist/dsfr.css": THIRD_PARTY_CSS,
        "dsfr/icons/arrow.png": IMAGE,
        "core/platform.css": OWN_CSS,
        "core/logo.png": IMAGE,
    }
    for name, content in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(content)
    return root


def collect(sources, target):
    """What collectstatic does: copy every file, then post-process them."""
    source_storage = FileSystemStorage(location=sources)
    names = sorted(str(path.relative_to(sources)) for path in sources.rglob("*") if path.is_file())
    for name in names:
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        if (
            not (target / name).exists()
            or (target / name).read_bytes() != (sources / name).read_bytes()
        ):
            shutil.copy2(sources / name, target / name)
    storage = PlatformStaticFilesStorage(location=target, base_url="/static/")
    processed = list(storage.post_process({n: (source_storage, n) for n in names}))
    errors = [result for _, _, result in processed if isinstance(result, Exception)]
    assert not errors, errors
    return storage, processed


def test_third_party_stylesheet_kept_byte_for_byte_own_stylesheet_points_to_hashed_files(
    sources, tmp_path
):
    target = tmp_path / "static"
    storage, _ = collect(sources, target)

    third_party = storage.stored_name("dsfr/dist/dsfr.css")
    assert re.fullmatch(r"dsfr/dist/dsfr\.[0-9a-f]{12}\.css", third_party)
    assert (target / third_party).read_bytes() == THIRD_PARTY_CSS
    assert (target / "dsfr/icons/arrow.png").exists()  # what it references, by plain name

    own = (target / storage.stored_name("core/platform.css")).read_text()
    logo = storage.stored_name("core/logo.png").split("/")[-1]
    assert re.fullmatch(r"logo\.[0-9a-f]{12}\.png", logo)
    assert f'url("{logo}")' in own


def test_collecting_again_without_change_processes_nothing_and_a_change_reprocesses(
    sources, tmp_path
):
    target = tmp_path / "static"
    collect(sources, target)
    manifest = (target / "staticfiles.json").read_bytes()

    _, processed = collect(sources, target)
    assert processed == []
    assert (target / "staticfiles.json").read_bytes() == manifest
    assert (target / INPUTS_NAME).exists()

    (sources / "core/platform.css").write_bytes(OWN_CSS + b".new { color: red; }\n")
    storage, processed = collect(sources, target)
    assert processed
    assert b".new" in (target / storage.stored_name("core/platform.css")).read_bytes()


def test_collecting_again_repairs_a_deleted_output(sources, tmp_path):
    target = tmp_path / "static"
    storage, _ = collect(sources, target)
    (target / storage.stored_name("core/logo.png")).unlink()

    collect(sources, target)

    assert (target / storage.stored_name("core/logo.png")).exists()


def test_compressed_copies_still_right_are_kept_and_stale_ones_redone(tmp_path, monkeypatch):
    path = tmp_path / "app.css"
    path.write_bytes(OWN_CSS)
    compressor = ReusingCompressor(quiet=True)
    first = compressor.compress(str(path))
    assert sorted(first) == sorted([f"{path}.br", f"{path}.gz"])

    def no_compression(data):
        raise AssertionError("compressed again")

    monkeypatch.setattr(ReusingCompressor, "compress_brotli", staticmethod(no_compression))
    monkeypatch.setattr(ReusingCompressor, "compress_gzip", staticmethod(no_compression))
    assert sorted(compressor.compress(str(path))) == sorted(first)

    path.write_bytes(OWN_CSS + b"/* changed */")
    with pytest.raises(AssertionError, match="compressed again"):
        compressor.compress(str(path))
