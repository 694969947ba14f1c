"""Fetch the third-party files listed in assets.toml from their pinned npm packages.

    python scripts/fetch_assets.py                      # groups "static" and "test" (make install)
    python scripts/fetch_assets.py --group referential  # make referential

Each package is packed once with `npm pack NAME@VERSION` into var/cache/npm/; its tarball
must match the sha512 integrity recorded in assets.toml, whether just downloaded or cached
(a mismatch stops with an error and the tarball is removed). The listed files are then
extracted to var/assets/<group>/; a file already right is not rewritten (collectstatic
sees nothing new) and a file no package lists any more is removed. Once the tarballs are
cached, no network is needed.
"""

import argparse
import base64
import hashlib
import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIST = ROOT / "assets.toml"
CACHE = ROOT / "var" / "cache" / "npm"
ASSETS = ROOT / "var" / "assets"
DEFAULT_GROUPS = ("static", "test")


class AssetError(Exception):
    pass


def read_list(path=LIST):
    packages = tomllib.loads(path.read_text(encoding="utf-8"))["package"]
    for package in packages:
        missing = {"name", "version", "integrity", "group", "files"} - set(package)
        if missing:
            raise AssetError(f"{path.name} : {package.get('name')} sans {sorted(missing)}")
        if not package["integrity"].startswith("sha512-"):
            raise AssetError(f"{path.name} : {package['name']} : intégrité sha512 attendue")
    return packages


def integrity_of(path):
    digest = hashlib.sha512(path.read_bytes()).digest()
    return "sha512-" + base64.b64encode(digest).decode("ascii")


def tarball_path(package, cache=CACHE):
    safe = package["name"].lstrip("@").replace("/", "-")
    return cache / f"{safe}-{package['version']}.tgz"


def fetch_tarball(package, cache=CACHE):
    """The package's tarball, packed by npm on first use, checked against its integrity."""
    target = tarball_path(package, cache)
    spec = f"{package['name']}@{package['version']}"
    if not target.exists():
        if shutil.which("npm") is None:
            raise AssetError(f"{spec} absent de {cache} et npm introuvable : installez npm")
        cache.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=cache) as tmp:
            result = subprocess.run(
                ["npm", "pack", spec, "--json", "--pack-destination", tmp],
                capture_output=True,
                text=True,
            )
            if result.returncode != 0:
                raise AssetError(f"npm pack {spec} a échoué :\n{result.stderr.strip()}")
            filename = json.loads(result.stdout)[0]["filename"]
            (Path(tmp) / filename).replace(target)
    found = integrity_of(target)
    if found != package["integrity"]:
        target.unlink()
        raise AssetError(
            f"{spec} : intégrité inattendue (attendue {package['integrity']}, obtenue {found})"
        )
    return target


def extract(package, tarball, assets=ASSETS):
    """Write the package's listed files under its group's folder; returns their paths."""
    written = []
    with tarfile.open(tarball, "r:gz") as archive:
        for inner, destination in package["files"].items():
            try:
                member = archive.extractfile(f"package/{inner}")
            except KeyError:
                member = None
            if member is None:
                raise AssetError(f"{package['name']}@{package['version']} : {inner} absent")
            target = assets / package["group"] / destination
            if not target.resolve().is_relative_to((assets / package["group"]).resolve()):
                raise AssetError(f"{package['name']} : destination hors du dossier : {destination}")
            content = member.read()
            if not target.exists() or target.read_bytes() != content:
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(content)
            written.append(target)
    return written


def remove_unlisted(folder, kept):
    """Files of a group's folder that no package lists any more (an upgrade renamed them)."""
    if not folder.is_dir():
        return
    kept = {path.resolve() for path in kept}
    for path in sorted(folder.rglob("*"), reverse=True):
        if path.is_file() and path.resolve() not in kept:
            path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()


def fetch(groups, packages, cache=CACHE, assets=ASSETS):
    for group in groups:
        written = []
        for package in packages:
            if package["group"] == group:
                written += extract(package, fetch_tarball(package, cache), assets)
        remove_unlisted(assets / group, written)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--group", action="append", help="static, test, referential")
    args = parser.parse_args(argv)
    try:
        packages = read_list()
        known = {package["group"] for package in packages}
        groups = args.group or list(DEFAULT_GROUPS)
        unknown = set(groups) - known
        if unknown:
            raise AssetError(f"groupe inconnu : {', '.join(sorted(unknown))}")
        fetch(groups, packages)
    except AssetError as error:
        print(f"fetch_assets : {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
