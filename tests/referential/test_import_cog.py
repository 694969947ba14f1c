import copy
import io

import pytest
from django.core.management import CommandError, call_command

from territoires.referential.importers.cog import import_cog
from territoires.referential.importers.report import ImportRejected
from territoires.referential.models import Commune, Department, Epci, Region

from .conftest import CA_CHAUMONT, CC_GRAND_LANGRES, COMMUNES, DIJON_METROPOLE, EPCIS, write_cog

pytestmark = pytest.mark.django_db


def run_command(path, *args):
    out = io.StringIO()
    call_command("import_cog", str(path), *args, stdout=out)
    return out.getvalue()


def assert_nothing_written():
    assert not Region.objects.exists()
    assert not Department.objects.exists()
    assert not Epci.objects.exists()
    assert not Commune.objects.exists()


def test_import_creates_regions_departments_epci_and_current_communes(cog_dir):
    report = import_cog(cog_dir)

    assert dict(Region.objects.values_list("code", "name")) == {
        "27": "Bourgogne-Franche-Comté",
        "44": "Grand Est",
    }
    haute_marne = Department.objects.get(code="52")
    assert (haute_marne.name, haute_marne.region.code) == ("Haute-Marne", "44")
    assert dict(Epci.objects.values_list("siren", "kind")) == {
        CA_CHAUMONT: Epci.Kind.CA,
        CC_GRAND_LANGRES: Epci.Kind.CC,
        DIJON_METROPOLE: Epci.Kind.METRO,
    }
    chaumont = Commune.objects.get(code_insee="52121")
    assert chaumont.name == "Chaumont"
    assert chaumont.department == haute_marne
    assert chaumont.epci.siren == CA_CHAUMONT
    assert chaumont.population == 20827
    assert chaumont.former_codes == ["52078"]
    assert Commune.objects.count() == 7
    assert not Commune.objects.filter(name="Donnemarie").exists()
    assert report.tallies["communes"].created == 7
    assert report.tallies["epcis"].created == 3
    assert report.changed


def test_command_reports_counts_and_the_skipped_items(cog_dir):
    output = run_command(cog_dir)

    assert "Régions : 2 créées, 0 mises à jour, 0 inchangées" in output
    assert "Départements : 2 créés, 0 mis à jour, 0 inchangés" in output
    assert "EPCI : 3 créés" in output
    assert "Communes : 7 créées" in output
    assert "arrondissements municipaux) : 1" in output


def test_second_run_changes_nothing_and_says_so(cog_dir):
    import_cog(cog_dir)
    before = list(Commune.objects.values_list("pk", "name", "epci_id", "population"))

    output = run_command(cog_dir)

    assert "Communes : 0 créées, 0 mises à jour, 7 inchangées" in output
    assert "EPCI : 0 créés, 0 mis à jour, 3 inchangés" in output
    assert "Aucun changement" in output
    assert list(Commune.objects.values_list("pk", "name", "epci_id", "population")) == before


def test_changed_items_are_updated_in_place(tmp_path, cog_dir):
    import_cog(cog_dir)
    chaumont_pk = Commune.objects.get(code_insee="52121").pk
    communes = copy.deepcopy(COMMUNES)
    communes[2]["population"] = 21000
    epcis = copy.deepcopy(EPCIS)
    epcis[1]["nom"] = "Communauté de communes du Grand Langres"

    report = import_cog(write_cog(tmp_path / "v2", communes=communes, epci=epcis))

    assert report.tallies["communes"].updated == 1
    assert report.tallies["communes"].unchanged == 6
    assert report.tallies["epcis"].updated == 1
    chaumont = Commune.objects.get(code_insee="52121")
    assert (chaumont.pk, chaumont.population) == (chaumont_pk, 21000)
    assert Epci.objects.get(siren=CC_GRAND_LANGRES).name.startswith("Communauté de communes")


def test_commune_outside_the_epci_members_takes_its_own_epci_field(tmp_path):
    communes = copy.deepcopy(COMMUNES)
    communes.append(
        {
            "code": "21617",
            "nom": "Talant",
            "departement": "21",
            "type": "commune-actuelle",
            "epci": DIJON_METROPOLE,
        }
    )

    import_cog(write_cog(tmp_path / "cog", communes=communes))

    talant = Commune.objects.get(code_insee="21617")
    assert talant.epci.siren == DIJON_METROPOLE
    assert talant.population is None


def test_dry_run_counts_but_writes_nothing(cog_dir):
    output = run_command(cog_dir, "--dry-run")

    assert "Communes : 7 créées" in output
    assert "Simulation : rien n'a été enregistré." in output
    assert_nothing_written()


def _bad(index, **changes):
    communes = copy.deepcopy(COMMUNES)
    communes[index].update(changes)
    return communes


def _epci_with(**changes):
    epcis = copy.deepcopy(EPCIS)
    epcis[0].update(changes)
    return epcis


MALFORMED = [
    pytest.param(
        {"communes": '[{"code": "52121", "nom": "Chaumont",\n  "departement": }]'},
        "communes.json, ligne 2, colonne 18 : JSON invalide",
        id="bad-json",
    ),
    pytest.param({"regions": None}, "regions.json : fichier introuvable", id="missing-file"),
    pytest.param(
        {"departements": {"52": "Haute-Marne"}},
        "departements.json : une liste d'éléments est attendue",
        id="root-not-a-list",
    ),
    pytest.param({"epci": []}, "epci.json : le fichier ne contient aucun élément", id="empty"),
    pytest.param(
        {"communes": _bad(1, nom="")},
        "communes.json, élément n° 2 (code 52058) : champ « nom » manquant ou vide",
        id="missing-name",
    ),
    pytest.param(
        {"communes": _bad(2, code="5212")},
        "communes.json, élément n° 3 : code commune « 5212 » mal formé",
        id="bad-commune-code",
    ),
    pytest.param(
        {"communes": _bad(0, departement="99")},
        "communes.json, élément n° 1 (code 21231) : département « 99 » absent",
        id="unknown-department",
    ),
    pytest.param(
        {"communes": _bad(6, population=-3)},
        "communes.json, élément n° 7 (code 52432) : population -3",
        id="negative-population",
    ),
    pytest.param(
        {"communes": _bad(6, code="52121")},
        "communes.json, élément n° 7 (code 52121) : code en double (déjà à l'élément n° 3)",
        id="duplicate-commune",
    ),
    pytest.param(
        {"epci": _epci_with(type="SIVOM")},
        "epci.json, élément n° 1 (code 200068658) : type d'EPCI « SIVOM » inconnu",
        id="unknown-epci-type",
    ),
    pytest.param(
        {"epci": _epci_with(code="20006865")},
        "epci.json, élément n° 1 : SIREN « 20006865 » mal formé",
        id="bad-siren",
    ),
    pytest.param(
        {"epci": _epci_with(membres=[*EPCIS[0]["membres"], {"code": "52269"}])},
        "la commune 52269 est déjà membre de l'EPCI 200068658",
        id="commune-in-two-epci",
    ),
    pytest.param(
        {"epci": _epci_with(membres=[*EPCIS[0]["membres"], {"code": "52999"}])},
        "la commune membre 52999 n'est pas une commune actuelle de communes.json",
        id="member-not-a-commune",
    ),
    pytest.param(
        {"departements": [{"code": "52", "nom": "Haute-Marne", "region": "11"}]},
        "departements.json, élément n° 1 (code 52) : région « 11 » absente de regions.json",
        id="unknown-region",
    ),
]


@pytest.mark.parametrize(("overrides", "message"), MALFORMED)
def test_malformed_files_are_rejected_whole_with_the_place_of_the_error(
    tmp_path, overrides, message
):
    folder = write_cog(tmp_path / "cog", **overrides)

    with pytest.raises(CommandError) as excinfo:
        run_command(folder)

    assert "rien n'a été importé" in str(excinfo.value)
    assert message in str(excinfo.value)
    assert_nothing_written()


def test_a_bad_item_rolls_back_an_update_of_an_existing_referential(tmp_path, cog_dir):
    import_cog(cog_dir)
    communes = copy.deepcopy(COMMUNES)
    communes[2]["population"] = 1
    communes[3]["departement"] = "99"

    with pytest.raises(ImportRejected):
        import_cog(write_cog(tmp_path / "v2", communes=communes))

    assert Commune.objects.get(code_insee="52121").population == 20827


def test_error_list_is_capped_and_says_how_many_were_left_out(tmp_path):
    communes = [
        {"code": f"52{n:03d}", "nom": f"Commune {n}", "departement": "99"}
        | {"type": "commune-actuelle"}
        for n in range(500, 525)
    ]

    with pytest.raises(ImportRejected) as excinfo:
        import_cog(write_cog(tmp_path / "cog", communes=communes))

    report = excinfo.value.report
    assert len(report.errors) >= 25
    message = report.rejection_message()
    assert message.count("département « 99 » absent") == 20
    assert f"… et {len(report.errors) - 20} autres" in message
