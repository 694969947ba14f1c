import io

import pytest
from django.core.management import CommandError, call_command

from territoires.programmes.models import Axis, Programme, Stage, Target
from territoires.programmes.services import ensure_territoires_d_industrie
from territoires.referential.importers.report import ImportRejected
from territoires.referential.importers.territories import import_territories
from territoires.referential.models import Territory, TerritoryEpci

from .conftest import CA_CHAUMONT, CC_GRAND_LANGRES, DIJON_METROPOLE, TERRITORY_ROWS, write_csv

pytestmark = pytest.mark.django_db

LANGRES_CHAUMONT = "Bassins de Langres - Chaumont"


def run_command(path, *args):
    out = io.StringIO()
    call_command("import_territories", str(path), *args, stdout=out)
    return out.getvalue()


def epci_links(code="4403"):
    return {
        m.epci.siren: (m.communes_in_territory, m.communes_in_epci, m.is_partial)
        for m in TerritoryEpci.objects.filter(territory__code=code).select_related("epci")
    }


def test_import_creates_territories_with_communes_departments_and_epci(cog, territories_csv):
    report = import_territories(territories_csv)

    assert report.tallies["territories"].created == 2
    territory = Territory.objects.get(code="4403")
    assert territory.name == LANGRES_CHAUMONT
    assert territory.programme.slug == "territoires-d-industrie"
    assert territory.region.name == "Grand Est"
    assert territory.phase == "2019"
    assert set(territory.communes.values_list("code_insee", flat=True)) == {
        "52121",
        "52353",
        "52058",
        "52269",
        "52332",
    }
    assert list(territory.departments.values_list("code", flat=True)) == ["52"]
    assert epci_links() == {CA_CHAUMONT: (3, 3, False), CC_GRAND_LANGRES: (2, 3, True)}
    assert epci_links("2799") == {DIJON_METROPOLE: (1, 1, False)}
    assert Territory.objects.get(code="2799").region.code == "27"


def test_command_reports_counts_and_partial_epci(cog, territories_csv):
    output = run_command(territories_csv)

    assert "Territoires : 2 créés, 0 mis à jour, 0 inchangés" in output
    assert "Rattachements territoire–EPCI : 3 créés" in output
    assert "EPCI partiellement inclus dans un territoire : 1" in output


def test_missing_programme_is_created_with_its_axes_stages_and_targets(cog, territories_csv):
    import_territories(territories_csv)

    programme = Programme.objects.get(slug="territoires-d-industrie")
    assert list(programme.axes.values_list("code", "name", "position")) == [
        ("attirer", "Attirer", 0),
        ("recruter", "Recruter", 1),
        ("innover", "Innover", 2),
        ("simplifier", "Simplifier", 3),
    ]
    assert programme.stages.filter(name="Contrat signé").exists()
    assert programme.targets.filter(value=200_000_000, due_on="2019-12-31").exists()


def test_ensuring_the_programme_twice_creates_nothing_more_and_keeps_admin_edits():
    programme = ensure_territoires_d_industrie()
    Axis.objects.filter(programme=programme, code="attirer").update(name="Attirer !")

    assert ensure_territoires_d_industrie() == programme
    assert Axis.objects.filter(programme=programme).count() == 4
    assert Stage.objects.filter(programme=programme).count() == 6
    assert Target.objects.filter(programme=programme).count() == 3
    assert Axis.objects.get(programme=programme, code="attirer").name == "Attirer !"


def test_second_run_changes_nothing_and_says_so(cog, territories_csv):
    import_territories(territories_csv)
    before = list(TerritoryEpci.objects.values_list("pk", "communes_in_territory"))

    output = run_command(territories_csv)

    assert "Territoires : 0 créés, 0 mis à jour, 2 inchangés" in output
    assert "Rattachements territoire–EPCI : 0 créés, 0 mis à jour, 3 inchangés" in output
    assert "Aucun changement : la base était déjà à jour." in output
    assert list(TerritoryEpci.objects.values_list("pk", "communes_in_territory")) == before


def test_changed_membership_updates_counts_and_drops_epci_left_behind(
    cog, territories_csv, tmp_path
):
    import_territories(territories_csv)
    rows = [row for row in TERRITORY_ROWS if row[0] not in ("52269", "52353")]
    rows.append(("52432", "4403", LANGRES_CHAUMONT))
    rows = [row for row in rows if row[0] != "52332"]

    report = import_territories(write_csv(tmp_path / "v2.csv", rows))

    assert report.tallies["territories"].updated == 1
    assert report.tallies["territories"].unchanged == 1
    assert epci_links() == {CA_CHAUMONT: (2, 3, True), CC_GRAND_LANGRES: (1, 3, True)}
    rows = [row for row in rows if row[0] != "52432"]
    report = import_territories(write_csv(tmp_path / "v3.csv", rows))
    assert report.tallies["epci_links"].deleted == 1
    assert epci_links() == {CA_CHAUMONT: (2, 3, True)}


def test_renamed_territory_is_updated_not_duplicated(cog, territories_csv, tmp_path):
    import_territories(territories_csv)
    pk = Territory.objects.get(code="2799").pk
    rows = [(c, t, "Dijon" if t == "2799" else label) for c, t, label in TERRITORY_ROWS]

    report = import_territories(write_csv(tmp_path / "v2.csv", rows))

    assert report.tallies["territories"].updated == 1
    assert Territory.objects.get(code="2799").pk == pk
    assert Territory.objects.get(code="2799").name == "Dijon"


def test_former_commune_code_is_attached_to_the_current_commune(cog, tmp_path):
    path = write_csv(tmp_path / "t.csv", [("52176", "4403", LANGRES_CHAUMONT)])

    report = import_territories(path)

    assert list(Territory.objects.get().communes.values_list("code_insee", flat=True)) == ["52353"]
    assert "rattachés à leur commune actuelle : 1" in "\n".join(report.notes)
    assert "ligne 2 : ancienne commune 52176 rattachée" in str(report.details[0])


def test_semicolon_separated_file_with_bom_is_read(cog, tmp_path):
    path = write_csv(tmp_path / "t.csv", TERRITORY_ROWS, delimiter=";")
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())

    import_territories(path)

    assert Territory.objects.count() == 2


def test_same_commune_twice_in_one_territory_is_a_warning(cog, tmp_path):
    rows = [*TERRITORY_ROWS, ("52121", "4403", LANGRES_CHAUMONT)]

    report = import_territories(write_csv(tmp_path / "t.csv", rows))

    assert [str(w) for w in report.warnings] == [
        "ligne 8 : commune 52121 en double (ligne 2), ignorée"
    ]
    assert Territory.objects.get(code="4403").communes.count() == 5


def test_territories_of_another_programme_are_imported_into_it(cog, territories_csv):
    Programme.objects.create(slug="contrats-essai", name="Contrats d'essai")

    run_command(territories_csv, "--programme", "contrats-essai", "--phase", "2023")

    assert set(Territory.objects.values_list("programme__slug", "phase")) == {
        ("contrats-essai", "2023")
    }
    assert not Programme.objects.filter(slug="territoires-d-industrie").exists()


def test_unknown_programme_is_refused(cog, territories_csv):
    with pytest.raises(CommandError, match="programme « inconnu » introuvable"):
        run_command(territories_csv, "--programme", "inconnu")
    assert not Territory.objects.exists()


def test_empty_referential_asks_for_import_cog_first(db, territories_csv):
    with pytest.raises(CommandError, match="lancez d'abord import_cog"):
        run_command(territories_csv)


def _rows(*extra, replace=None):
    rows = list(TERRITORY_ROWS)
    if replace:
        index, row = replace
        rows[index] = row
    return [*rows, *extra]


MALFORMED = [
    pytest.param(
        _rows(("52999", "4403", LANGRES_CHAUMONT)),
        "ligne 8 : commune « 52999 » inconnue du référentiel",
        id="unknown-commune",
    ),
    pytest.param(
        _rows(("5212", "4403", LANGRES_CHAUMONT)),
        "ligne 8 : code commune « 5212 » mal formé : 5 caractères attendus (zéro initial perdu ?)",
        id="bad-commune-code",
    ),
    pytest.param(
        _rows(replace=(2, ("52058", "44O3", LANGRES_CHAUMONT))),
        "ligne 4 : code territoire « 44O3 » mal formé",
        id="bad-territory-code",
    ),
    pytest.param(
        _rows(replace=(5, ("21231", "9901", "Ailleurs"))),
        "ligne 7 : région « 99 » (deux premiers chiffres de 9901) inconnue",
        id="unknown-region",
    ),
    pytest.param(
        _rows(("52121", "2799", "Territoire d'essai de Dijon")),
        "ligne 8 : la commune 52121 est déjà rattachée au territoire 4403 (ligne 2)",
        id="commune-in-two-territories",
    ),
    pytest.param(
        _rows(replace=(4, ("52332", "4403", "Langres"))),
        "ligne 6 : libellé « Langres » différent de celui de la ligne 2",
        id="inconsistent-label",
    ),
    pytest.param(
        _rows(replace=(1, ("52353", "4403", ""))),
        "ligne 3 : libellé du territoire vide",
        id="empty-label",
    ),
    pytest.param(
        _rows(("52432", "4403")),
        "ligne 8 : 3 colonnes attendues, 2 trouvées",
        id="short-line",
    ),
]


@pytest.mark.parametrize(("rows", "message"), MALFORMED)
def test_malformed_lines_reject_the_whole_file_and_name_the_line(cog, tmp_path, rows, message):
    path = write_csv(tmp_path / "t.csv", rows)

    with pytest.raises(CommandError) as excinfo:
        run_command(path)

    assert "rien n'a été importé" in str(excinfo.value)
    assert message in str(excinfo.value)
    assert not Territory.objects.exists()
    assert not Programme.objects.exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        pytest.param("", "le fichier est vide", id="empty-file"),
        pytest.param(
            "code_commune,libelle_terrind\n52121,Bassins\n",
            "ligne 1 : colonne(s) manquante(s) : code_terrind",
            id="missing-column",
        ),
        pytest.param(
            "code_commune,code_terrind,libelle_terrind\n\n",
            "le fichier ne contient aucune ligne de données",
            id="header-only",
        ),
    ],
)
def test_malformed_files_are_rejected(cog, tmp_path, content, message):
    path = tmp_path / "t.csv"
    path.write_text(content, encoding="utf-8")

    with pytest.raises(ImportRejected) as excinfo:
        import_territories(path)

    assert message in excinfo.value.report.rejection_message()
    assert not Territory.objects.exists()


def test_a_bad_line_leaves_previously_imported_territories_untouched(
    cog, territories_csv, tmp_path
):
    import_territories(territories_csv)
    rows = [row for row in TERRITORY_ROWS if row[0] != "52269"] + [("00000", "4403", "x")]

    with pytest.raises(ImportRejected):
        import_territories(write_csv(tmp_path / "v2.csv", rows))

    assert Territory.objects.get(code="4403").communes.count() == 5
    assert epci_links()[CC_GRAND_LANGRES] == (2, 3, True)


def test_dry_run_writes_nothing(cog, territories_csv):
    output = run_command(territories_csv, "--dry-run")

    assert "Territoires : 2 créés" in output
    assert "Simulation : rien n'a été enregistré." in output
    assert not Territory.objects.exists()
    assert not Programme.objects.exists()
