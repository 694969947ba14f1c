"""scripts/fetch_assets.py: third-party files come from pinned packages whose integrity is
checked, are written only when they change, and need no network once cached."""

import importlib.util
import io
import re
import subprocess
import tarfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
spec = importlib.util.spec_from_file_location("fetch_assets", ROOT / "scripts" / "fetch_assets.py")
fetch_assets = importlib.util.module_from_spec(spec)
spec.loader.exec_module(fetch_assets)


def make_tarball(path, files):
    with tarfile.open(path, "w:gz") as archive:
        for name, content in files.items():
            info = tarfile.TarInfo(f"package/{name}")
            info.size = len(content)
            archive.addfile(info, io.BytesIO(content))
    return path


@pytest.fixture
def cached_package(tmp_path):
    """A package already in the cache, listed with its true integrity."""
    package = {
        "name": "@scope/widget",
        "version": "1.2.3",
        "group": "static",
        "files": {
            "dist/widget.min.js": "vendor/widget/widget.min.js",
            "LICENSE": "vendor/widget/LICENSE",
        },
    }
    cache = tmp_path / "cache"
    cache.mkdir()
    tarball = make_tarball(
        fetch_assets.tarball_path(package, cache),
        {"dist/widget.min.js": b"window.widget = 1;", "LICENSE": b"MIT", "README.md": b"x"},
    )
    package["integrity"] = fetch_assets.integrity_of(tarball)
    return package, cache, tmp_path / "assets"


def test_listed_files_are_extracted_from_the_cached_package_without_npm(
    cached_package, monkeypatch
):
    package, cache, assets = cached_package
    monkeypatch.setattr(fetch_assets.shutil, "which", lambda name: None)  # no npm at all

    fetch_assets.fetch(["static"], [package], cache=cache, assets=assets)

    files = sorted(str(p.relative_to(assets)) for p in assets.rglob("*") if p.is_file())
    assert files == ["static/vendor/widget/LICENSE", "static/vendor/widget/widget.min.js"]
    assert (assets / "static/vendor/widget/widget.min.js").read_bytes() == b"window.widget = 1;"


def test_a_tarball_that_does_not_match_its_integrity_is_refused_and_removed(cached_package):
    package, cache, assets = cached_package
    package["integrity"] = "sha512-" + "A" * 86 + "=="

    with pytest.raises(fetch_assets.AssetError, match="intégrité inattendue"):
        fetch_assets.fetch(["static"], [package], cache=cache, assets=assets)

    assert not fetch_assets.tarball_path(package, cache).exists()
    assert not assets.exists()


def test_running_again_rewrites_nothing_and_removes_files_no_longer_listed(cached_package):
    package, cache, assets = cached_package
    fetch_assets.fetch(["static"], [package], cache=cache, assets=assets)
    script = assets / "static/vendor/widget/widget.min.js"
    before = script.stat().st_mtime_ns
    stale = assets / "static/vendor/old/old.js"
    stale.parent.mkdir(parents=True)
    stale.write_text("old")

    fetch_assets.fetch(["static"], [package], cache=cache, assets=assets)

    assert script.stat().st_mtime_ns == before
    assert not stale.exists() and not stale.parent.exists()


def test_a_listed_file_missing_from_the_package_is_an_error(cached_package):
    package, cache, assets = cached_package
    package["files"]["dist/absent.js"] = "vendor/widget/absent.js"

    with pytest.raises(fetch_assets.AssetError, match="dist/absent.js absent"):
        fetch_assets.fetch(["static"], [package], cache=cache, assets=assets)


def test_the_pinned_list_is_complete_and_nothing_third_party_is_committed():
    packages = fetch_assets.read_list()

    names = {package["name"] for package in packages}
    assert {"htmx.org", "swagger-ui-dist", "axe-core", "@etalab/decoupage-administratif"} <= names
    for package in packages:
        assert re.fullmatch(r"\d+\.\d+\.\d+", package["version"]), package["name"]
        assert re.fullmatch(r"sha512-[A-Za-z0-9+/]{86}==", package["integrity"]), package["name"]
        assert package["group"] in {"static", "test", "referential"}
    tracked = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.lower()
    assert "vendor" not in tracked
    tracked_names = {Path(path).name for path in tracked.splitlines()}
    for package in packages:
        for destination in package["files"].values():
            if destination.endswith((".js", ".css", ".json")):
                assert Path(destination).name.lower() not in tracked_names, destination
