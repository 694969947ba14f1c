"""`load_demo` loads the real programme of 2019: its 148 territories with their regions,
departments and EPCI, from the pinned referential package and the shared file (read by
path), with fiches only on 4403 (the article's) and examples marked as such; a second run
imports nothing again; without the shared file the demo still loads, and says so."""

import datetime
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from territoires.demo.loader import load_demo
from territoires.demo.scale import sources
from territoires.plans.models import ActionSheet
from territoires.referential.models import Commune, Region, StageChange, Territory

pytestmark = pytest.mark.django_db

REAL_TERRITORIES = 148


def _needs_shared_file():
    if not (sources.default_data_dir() / sources.COMMUNES_FILE).is_file():
        pytest.skip("fichier partagé des territoires 2019 absent")


def _run(**options):
    out = StringIO()
    call_command("load_demo", stdout=out, **options)
    return out.getvalue()


@pytest.mark.shared_data
def test_the_148_territories_of_2019_with_their_geography_and_no_invented_fiche():
    _needs_shared_file()

    output = _run()

    territories = Territory.objects.all()
    assert territories.count() == REAL_TERRITORIES
    assert "148 territoires" in output
    assert Region.objects.filter(territories__isnull=False).distinct().count() >= 13
    assert not territories.filter(epci_links__isnull=True).exists()
    assert not territories.filter(departments__isnull=True).exists()
    chaumont = Territory.objects.get(code="4403")
    assert chaumont.name == "Bassins de Langres - Chaumont" and chaumont.region.name == "Grand Est"
    assert Territory.objects.get(code="8401").name == "Ardèche Drome"
    # Fiches only where they are known (4403) or marked as examples.
    real_fiches = ActionSheet.objects.filter(is_example=False)
    assert set(real_fiches.values_list("territory__code", flat=True)) == {"4403"}
    assert set(ActionSheet.objects.values_list("territory__code", flat=True)) == {"4403", "4412"}
    # Every territory of the list is labelled, through a recorded stage change.
    assert not territories.filter(stage__isnull=True).exists()
    other = StageChange.objects.get(territory__code="8401")
    assert "liste officielle" in other.comment and "non reprise" in other.comment
    assert set(territories.values_list("labelled_on", flat=True)) == {datetime.date(2018, 11, 22)}
    # One later step is dated by the article's sources: Sud Alsace's contract; no other.
    assert StageChange.objects.count() == REAL_TERRITORIES + 1
    sud_alsace = Territory.objects.select_related("stage").get(code="4410")
    assert sud_alsace.stage.code == "contrat-signe"
    signed = StageChange.objects.get(territory=sud_alsace, to_stage__code="contrat-signe")
    assert signed.reached_on == datetime.date(2019, 3, 18)
    assert "18 mars 2019" in signed.comment
    assert "Sud Alsace (4410)" in output
    assert set(territories.exclude(code="4410").values_list("stage__code", flat=True)) == {
        "labellise"
    }


@pytest.mark.shared_data
def test_the_official_referential_is_imported_once(settings):
    _needs_shared_file()
    package = Path(settings.PACKAGED_REFERENTIAL_DIR)
    if not (package / "communes.json").is_file():
        pytest.skip(f"référentiel officiel non récupéré dans {package} (make referential)")
    settings.REFERENTIAL_DIR = package

    first = _run()
    communes = Commune.objects.count()
    links = Territory.communes.through.objects.count()
    second = _run()

    assert "Référentiel officiel importé" in first
    assert communes > 30000 and links > 15000
    assert Territory.objects.count() == REAL_TERRITORIES
    assert list(Territory.objects.get(code="4403").departments.values_list("code", flat=True)) == [
        "52"
    ]
    assert "Référentiel officiel importé" not in second
    assert "déjà chargés (148 territoires" in second
    assert Commune.objects.count() == communes
    assert Territory.communes.through.objects.count() == links


def test_without_the_shared_file_the_demo_still_loads_and_says_so(tmp_path):
    report = load_demo(data_dir=tmp_path)

    assert sorted(Territory.objects.values_list("code", flat=True)) == ["4403", "4412"]
    assert ActionSheet.objects.filter(territory__code="4403").count() == 15
    line = report.territories[0]
    assert "non chargés" in line and str(tmp_path) in line
    assert "non importé" in report.schemes


@pytest.mark.shared_data
def test_the_bilan_before_the_launch_counts_no_territory(client):
    _needs_shared_file()
    _run()
    before = client.get("/bilan/?date=2018-01-01").content.decode()
    assert "Chiffres exacts : 0 territoire dans le programme" in before  # no longer 147
    launched = client.get("/bilan/?date=2018-11-22").content.decode()
    assert "Chiffres exacts : 148 territoires dans le programme" in launched
