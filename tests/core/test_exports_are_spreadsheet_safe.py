"""Every CSV/XLSX export of the platform writes its cells through `core.tabular`
(`SafeWriter`, `spreadsheet_safe`): the exports are enumerated from the URLs (an export
this test does not know fails it) and from the source (no module writes CSV or XLSX by
itself), then each one is fed hostile values and no cell of its file may start like a
formula (= + - @ tab CR)."""

import csv
import io
import pathlib
import re

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from territoires.core.tabular import FORMULA_STARTS
from territoires.pages.dashboards.views import FIGURES
from territoires.plans.models import Status
from territoires.programmes.services import ensure_territoires_d_industrie

from ..factories import (
    ActionSheetFactory,
    DepartmentFactory,
    FundingLineFactory,
    OrganisationFactory,
    RegionFactory,
    ScopeFactory,
    TerritoryFactory,
)

pytestmark = pytest.mark.django_db

ROOT = pathlib.Path(__file__).resolve().parents[2] / "territoires"
HOSTILE = ["=1+1", "+33 6 12", "-2+3", "@SUM(A1)", "\tTabulé", "\rRetour"]

# Every export of the site, by URL name, with the addresses that produce its files.
EXPORTS = {
    "dashboards:csv": lambda: [reverse("dashboards:csv", args=[figure]) for figure in FIGURES],
}


def _export_names(patterns, prefix=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            namespace = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            yield from _export_names(entry.url_patterns, namespace)
        elif isinstance(entry, URLPattern) and re.search(r"\.(csv|xlsx)\b", str(entry.pattern)):
            yield f"{prefix}{entry.name}"


def test_every_export_url_is_known_to_this_test():
    assert set(_export_names(get_resolver().url_patterns)) == set(EXPORTS)


def test_no_module_writes_a_spreadsheet_without_the_safe_writer():
    writers = re.compile(r"csv\.writer\(|csv\.DictWriter\(|openpyxl|xlsxwriter")
    offenders = [
        str(path.relative_to(ROOT))
        for path in ROOT.rglob("*.py")
        if path.name != "tabular.py" and writers.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


@pytest.fixture
def hostile_programme():
    """Every label an export writes, hostile: regions, departments, stages, axes, targets,
    financers."""
    programme = ensure_territoires_d_industrie()
    for n, axis in enumerate(programme.axes.order_by("pk")):
        axis.name = HOSTILE[n % len(HOSTILE)]
        axis.save(update_fields=["name"])
    for n, stage in enumerate(programme.stages.order_by("pk")):
        stage.name = HOSTILE[n % len(HOSTILE)] + f" {n}"
        stage.save(update_fields=["name"])
    for n, target in enumerate(programme.targets.order_by("pk")):
        target.label = HOSTILE[n % len(HOSTILE)]
        target.save(update_fields=["label"])
    for n, value in enumerate(HOSTILE):
        region = RegionFactory(code=f"9{n}", name=value)
        department = DepartmentFactory(code=f"9{n}", name=value, region=region)
        territory = TerritoryFactory(programme=programme, code=f"99{n:02d}", region=region)
        territory.departments.add(department)
        sheet = ActionSheetFactory(territory=territory, code="F1", status=Status.VALIDATED)
        FundingLineFactory(sheet=sheet, financer=OrganisationFactory(name=value), status="granted")
    return programme


def test_no_cell_of_any_export_starts_like_a_formula(hostile_programme):
    client = Client()
    client.force_login(ScopeFactory(kind="national").user)
    checked, shown = 0, []
    for name, addresses in EXPORTS.items():
        for address in addresses():
            response = client.get(address)
            assert response.status_code == 200, address
            text = response.content.decode("utf-8-sig")
            rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
            cells = [cell for row in rows[1:] for cell in row]
            assert cells, f"{address}: no row to check"
            bad = [cell for cell in cells if cell.startswith(FORMULA_STARTS)]
            assert bad == [], f"{name} {address}: {bad}"
            checked += 1
            shown += cells
    assert checked == len(FIGURES)
    # The hostile values did reach the files, neutralised by a leading apostrophe.
    for value in HOSTILE:
        assert f"'{value}" in shown or any(c.startswith(f"'{value}") for c in shown), value
