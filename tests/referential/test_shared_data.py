"""The real phase-1 list of Territoires d'industrie on the real COG 2026.

Reads ../shared/data (skipped when absent) and the npm package
@etalab/decoupage-administratif 6.0.0 from var/cog, fetched with `npm pack` when missing.
"""

import csv
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path

import pytest
from django.conf import settings

from territoires.referential.importers.cog import import_cog
from territoires.referential.importers.territories import import_territories
from territoires.referential.models import Territory, TerritoryEpci

COG_VERSION = "6.0.0"
SHARED_DATA = Path(settings.BASE_DIR).parent / "shared" / "data"
COMMUNES_CSV = SHARED_DATA / "territoires-industrie-2019-communes.csv"
EPCI_CSV = SHARED_DATA / "territoires-industrie-2019-epci.csv"
COG_ROOT = Path(settings.BASE_DIR) / "var" / "cog"


def cog_data_dir():
    """var/cog/package/data, fetched with npm pack when missing; skips when impossible."""
    data = COG_ROOT / "package" / "data"
    if (data / "communes.json").is_file():
        return data
    npm = shutil.which("npm")
    if npm is None:
        pytest.skip("npm introuvable : impossible de récupérer @etalab/decoupage-administratif")
    COG_ROOT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=COG_ROOT) as scratch:
        try:
            subprocess.run(
                [npm, "pack", "--silent", f"@etalab/decoupage-administratif@{COG_VERSION}"],
                cwd=scratch,
                check=True,
                capture_output=True,
                timeout=300,
            )
            archive = next(Path(scratch).glob("*.tgz"))
            with tarfile.open(archive) as tar:
                tar.extractall(scratch, filter="data")
        except (subprocess.SubprocessError, OSError, StopIteration, tarfile.TarError) as exc:
            pytest.skip(f"npm pack @etalab/decoupage-administratif@{COG_VERSION} a échoué : {exc}")
        if not data.exists():
            shutil.move(str(Path(scratch) / "package"), str(COG_ROOT / "package"))
    return data


@pytest.mark.shared_data
@pytest.mark.django_db
def test_real_phase_one_list_imports_148_territories_on_the_real_cog():
    if not COMMUNES_CSV.is_file():
        pytest.skip(f"{COMMUNES_CSV} absent")
    cog = import_cog(cog_data_dir())
    assert cog.tallies["communes"].created > 34_000

    report = import_territories(COMMUNES_CSV)

    assert report.tallies["territories"].created == 148
    assert Territory.objects.count() == 148
    langres = Territory.objects.get(code="4403")
    assert langres.name == "Bassins de Langres - Chaumont"
    assert langres.region.name == "Grand Est"
    assert {
        (m.epci.siren, m.epci.name, m.communes_in_territory, m.communes_in_epci)
        for m in langres.epci_links.select_related("epci")
    } == {
        ("200068658", "CA de Chaumont", 63, 63),
        ("200072999", "CC du Grand Langres", 54, 54),
    }
    if EPCI_CSV.is_file():
        with EPCI_CSV.open(encoding="utf-8") as handle:
            expected = {
                (
                    row["code_ti"],
                    row["epci_siren"],
                    int(row["communes_of_epci_in_ti"]),
                    int(row["communes_in_epci"]),
                )
                for row in csv.DictReader(handle)
            }
        assert (
            set(
                TerritoryEpci.objects.values_list(
                    "territory__code", "epci__siren", "communes_in_territory", "communes_in_epci"
                )
            )
            == expected
        )

    again = import_territories(COMMUNES_CSV)

    assert not again.changed
    assert again.tallies["territories"].unchanged == 148
