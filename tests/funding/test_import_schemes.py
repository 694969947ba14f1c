"""import_schemes: the Aides-territoires CSV export and API JSON, all or nothing, upsert
by source id or address, and the real shared catalogue (read by path, skipped when
absent)."""

import json
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from territoires.audit.models import AuditEvent
from territoires.funding.importers.schemes import import_schemes
from territoires.funding.models import Scheme
from territoires.organisations.models import Organisation
from territoires.referential.importers.report import ImportRejected

from ..factories import DepartmentFactory, OrganisationFactory, ProgrammeFactory, RegionFactory

pytestmark = pytest.mark.django_db

SHARED_CSV = Path(settings.BASE_DIR).parent / "shared" / "data" / "aides-territoires-periurbain.csv"
HEADER = "Nom,Lien,Financeurs,Bénéficiaire,Types d'aides,AAP/AMI,Récurrence,Descriptif,Date Clôture"
AT = "https://aides-territoires.beta.gouv.fr/aides"
ROWS = [
    f'Former aux métiers de la maintenance,{AT}/a1-former/,"Conseil départemental du Morbihan;'
    f'Banque des Territoires",Communes;Intercommunalités / Pays,Subvention;Ingénierie technique'
    f',Oui,Ponctuelle,"Formation des salariés.\n\nSur deux lignes.",31/12/2030',
    f"Requalifier les friches industrielles,{AT}/b2-friches/,Commission européenne,"
    f"Entreprises privées,Prêt,,Permanente,Reconversion du foncier.,",
    f"Conseil aux collectivités,{AT}/c3-conseil/,ID77,Communes,Ingénierie Juridique / "
    f"administrative,,Récurrente,Appui juridique.,15/06/2031",
]


def write(tmp_path, rows, name="schemes.csv"):
    path = tmp_path / name
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


@pytest.fixture(autouse=True)
def programme(db):
    return ProgrammeFactory()


def test_a_csv_export_imports_its_schemes_financers_and_codes(tmp_path):
    morbihan = DepartmentFactory(code="56", name="Morbihan", region=RegionFactory(code="53"))
    report = import_schemes(write(tmp_path, ROWS))

    assert report.tallies["schemes"].created == 3
    assert "Dispositifs rejetés : 0" in report.summary_lines()
    training = Scheme.objects.get(source_url=f"{AT}/a1-former/")
    assert training.name == "Former aux métiers de la maintenance"
    assert training.beneficiaries == ["commune", "epci"]
    assert training.aid_types == ["grant", "technical_engineering"]
    assert training.is_call_for_projects and training.recurrence == "one_off"
    assert str(training.deadline) == "2030-12-31"
    assert training.description == "Formation des salariés.\nSur deux lignes."
    assert list(training.departments.all()) == [morbihan]
    assert training.perimeter == "Morbihan"
    assert [axis.code for axis in training.axes.all()] == ["recruter"]
    kinds = dict(Organisation.objects.values_list("name", "kind"))
    assert kinds == {
        "Conseil départemental du Morbihan": "department",
        "Banque des Territoires": "national_operator",
        "Commission européenne": "european_union",
        "ID77": "other",
    }
    brownfields = Scheme.objects.get(source_url=f"{AT}/b2-friches/")
    assert [axis.code for axis in brownfields.axes.all()] == ["attirer"]
    assert not brownfields.departments.exists() and brownfields.perimeter == ""
    assert AuditEvent.objects.filter(verb="scheme.created").count() == 3


def test_financers_already_in_the_directory_are_reused_whatever_their_case(tmp_path):
    bank = OrganisationFactory(name="BANQUE DES TERRITOIRES", kind="national_operator")
    import_schemes(write(tmp_path, ROWS[:1]))
    scheme = Scheme.objects.get()
    assert bank in scheme.financers.all()
    assert Organisation.objects.filter(name__iexact="banque des territoires").count() == 1


@pytest.mark.parametrize(
    ("in_directory", "in_file"),
    [
        ("Région Grand Est", "Conseil régional du Grand Est"),
        ("Caisse des dépôts", "Banque des Territoires"),
        ("BPI France", "Bpifrance"),
        ("Département du Morbihan", "Conseil départemental du Morbihan"),
        ("État", "Préfecture"),
    ],
)
def test_a_financer_known_under_another_name_is_the_directory_s_organisation(
    tmp_path, in_directory, in_file
):
    known = OrganisationFactory(name=in_directory, kind="other")
    row = f"Un dispositif,{AT}/d4-alias/,{in_file},Communes,Subvention,,Permanente,Texte.,"
    report = import_schemes(write(tmp_path, [row]))
    assert list(Scheme.objects.get().financers.all()) == [known]
    assert Organisation.objects.count() == 1
    assert "organisations" not in report.tallies  # none created


def test_importing_the_same_file_twice_creates_nothing_new(tmp_path):
    path = write(tmp_path, ROWS)
    import_schemes(path)
    events = AuditEvent.objects.count()
    report = import_schemes(path)
    assert report.tallies["schemes"].unchanged == 3
    assert report.tallies["schemes"].created == report.tallies["schemes"].updated == 0
    assert "organisations" not in report.tallies
    assert Scheme.objects.count() == 3 and Organisation.objects.count() == 4
    assert AuditEvent.objects.count() == events


def test_a_changed_line_updates_its_scheme_and_logs_the_change(tmp_path):
    import_schemes(write(tmp_path, ROWS))
    changed = ROWS[2].replace("15/06/2031", "30/06/2031")
    report = import_schemes(write(tmp_path, [*ROWS[:2], changed]))
    assert report.tallies["schemes"].updated == 1
    assert report.tallies["schemes"].unchanged == 2
    event = AuditEvent.objects.get(verb="scheme.updated")
    assert event.changes == [
        {"field": "deadline", "kind": "date", "old": "2031-06-15", "new": "2031-06-30"}
    ]


def test_a_malformed_file_writes_nothing_and_names_each_line_and_column(tmp_path):
    rows = [
        ROWS[0],
        ROWS[1].replace("Entreprises privées", "Martiens"),
        ROWS[2].replace("15/06/2031", "31/02/2031"),
        "Sans adresse,,ID77,Communes,Subvention,Peut-être,Hebdomadaire,Texte.,",
        ROWS[0].replace("Former aux", "Former encore aux"),
    ]
    with pytest.raises(ImportRejected) as rejected:
        import_schemes(write(tmp_path, rows))
    errors = [str(issue) for issue in rejected.value.report.errors]
    assert errors == [
        "ligne 5, colonne « Bénéficiaire » : bénéficiaire inconnu : « Martiens »",
        "ligne 6, colonne « Date Clôture » : date « 31/02/2031 » illisible "
        "(JJ/MM/AAAA ou AAAA-MM-JJ attendu)",
        "ligne 7, colonne « Récurrence » : récurrence inconnue : « Hebdomadaire » "
        "(Ponctuelle, Permanente, Récurrente)",
        "ligne 7, colonne « AAP/AMI » : « Peut-être » : « Oui » ou vide attendu",
        "ligne 7, colonne « Lien » : adresse de la source vide",
        f"ligne 8, colonne « Lien » : « {AT}/a1-former/ » déjà lu (ligne 2)",
    ]
    assert "Dispositifs rejetés : 4" in rejected.value.report.notes
    assert Scheme.objects.count() == 0 and Organisation.objects.count() == 0
    assert AuditEvent.objects.count() == 0


def test_a_missing_column_and_a_wrong_width_are_refused(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("Nom,Financeurs\nA,B\n", encoding="utf-8")
    with pytest.raises(ImportRejected) as rejected:
        import_schemes(path)
    assert "colonne(s) manquante(s) : Lien" in str(rejected.value.report.errors[0])
    with pytest.raises(ImportRejected) as rejected:
        import_schemes(write(tmp_path, [ROWS[1] + ",en trop"]))
    assert str(rejected.value.report.errors[0]) == "ligne 2 : 9 colonnes attendues, 10 trouvées"


def api_item(**overrides):
    item = {
        "id": 1234,
        "slug": "fonds-friches",
        "url": "/aides/fonds-friches/",
        "name": "Fonds friches",
        "short_title": "Friches",
        "financers": ["Ministère de la Transition écologique"],
        "instructors": ["DREAL Grand Est"],
        "description": "<p>Recycler les <strong>friches</strong> industrielles&nbsp;.</p>",
        "eligibility": "<p>Collectivités</p>",
        "perimeter": "Grand Est",
        "categories": ["Urbanisme|Foncier", "Économie|Implantation d'entreprises"],
        "targeted_audiences": ["Communes", "Intercommunalités / Pays"],
        "aid_types": ["Subvention"],
        "start_date": "2026-01-01",
        "submission_deadline": "2026-12-31",
        "subvention_rate_lower_bound": 20,
        "subvention_rate_upper_bound": 80,
        "recurrence": "Ponctuelle",
        "is_call_for_project": True,
        "application_url": "https://www.demarches-simplifiees.fr/commencer/fonds-friches",
    }
    item.update(overrides)
    return item


def write_json(tmp_path, data, name="page.json"):
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_an_api_page_imports_with_its_perimeter_rates_and_address(tmp_path):
    grand_est = RegionFactory(code="44", name="Grand Est")
    page = {"count": 1, "next": None, "previous": None, "results": [api_item()]}
    report = import_schemes(write_json(tmp_path, page), file_format="json")

    assert report.tallies["schemes"].created == 1
    scheme = Scheme.objects.get()
    assert scheme.source_id == "1234"
    assert scheme.source_url == "https://aides-territoires.beta.gouv.fr/aides/fonds-friches/"
    assert scheme.description == "Recycler les friches industrielles ."
    assert (scheme.rate_min, scheme.rate_max) == (Decimal("20"), Decimal("80"))
    assert list(scheme.regions.all()) == [grand_est] and scheme.perimeter == "Grand Est"
    assert scheme.places == ["r44"]
    assert [axis.code for axis in scheme.axes.all()] == ["attirer"]
    assert [o.name for o in scheme.instructors.all()] == ["DREAL Grand Est"]
    assert scheme.financers.get().kind == "state"


def test_a_plain_list_upserts_by_source_id_then_by_address(tmp_path):
    import_schemes(write(tmp_path, ROWS[1:2]))
    csv_scheme = Scheme.objects.get()
    same_address = api_item(id=77, url=f"{AT}/b2-friches/", perimeter="France")
    report = import_schemes(write_json(tmp_path, [same_address]), file_format="json")
    assert report.tallies["schemes"].updated == 1
    csv_scheme.refresh_from_db()
    assert csv_scheme.source_id == "77" and csv_scheme.name == "Fonds friches"

    renamed = api_item(id=77, url=f"{AT}/fonds-friches-2027/", name="Fonds friches 2027")
    import_schemes(write_json(tmp_path, [renamed]), file_format="json")
    assert list(Scheme.objects.values_list("name", "source_url")) == [
        ("Fonds friches 2027", f"{AT}/fonds-friches-2027/")
    ]


def test_json_errors_name_the_item_and_field_with_the_model_s_french_message(tmp_path):
    items = [
        api_item(start_date="2026-06-01", submission_deadline="2026-01-31"),
        api_item(id=5, url="/aides/autre/", subvention_rate_upper_bound="beaucoup"),
        "pas un objet",
    ]
    with pytest.raises(ImportRejected) as rejected:
        import_schemes(write_json(tmp_path, items), file_format="json")
    assert [str(issue) for issue in rejected.value.report.errors] == [
        "élément 1 (id 1234), champ « submission_deadline » : "
        "La date de clôture précède la date d'ouverture.",
        "élément 2 (id 5), champ « subvention_rate_upper_bound » : "
        "taux « beaucoup » : un nombre attendu",
        "élément 3 : un objet JSON attendu",
    ]
    assert Scheme.objects.count() == 0

    broken = tmp_path / "broken.json"
    broken.write_text('{"results": [', encoding="utf-8")
    with pytest.raises(ImportRejected) as rejected:
        import_schemes(broken, file_format="json")
    assert str(rejected.value.report.errors[0]).startswith("ligne 1, colonne 14 : JSON illisible")


def test_the_command_prints_the_report_and_refuses_in_french(tmp_path):
    out = StringIO()
    call_command("import_schemes", str(write(tmp_path, ROWS)), stdout=out)
    assert "Dispositifs : 3 créés, 0 mis à jour, 0 inchangés" in out.getvalue()
    assert "Dispositifs rejetés : 0" in out.getvalue()
    call_command("import_schemes", str(write(tmp_path, ROWS)), "--dry-run", stdout=out)
    assert "Simulation : rien n'a été enregistré." in out.getvalue()

    bad = write(tmp_path, [ROWS[0].replace("31/12/2030", "demain")], name="bad.csv")
    with pytest.raises(CommandError) as error:
        call_command("import_schemes", str(bad), "--format", "csv", stdout=out)
    assert "1 erreur, rien n'a été importé" in str(error.value)
    assert "Dispositifs rejetés : 1" in str(error.value)


@pytest.mark.shared_data
def test_the_shared_274_scheme_file_imports_completely_twice_without_duplicates():
    if not SHARED_CSV.is_file():
        pytest.skip(f"{SHARED_CSV} absent")
    first = import_schemes(SHARED_CSV)
    assert first.tallies["schemes"].created == 274
    second = import_schemes(SHARED_CSV)
    assert second.tallies["schemes"].unchanged == 274
    assert "Dispositifs rejetés : 0" in second.summary_lines()
    assert Scheme.objects.count() == 274
    assert Scheme.objects.values("source_url").distinct().count() == 274
    assert Scheme.objects.filter(axes__isnull=False).distinct().count() > 200


def test_places_come_from_financer_names_and_agency_numbers(tmp_path):
    rows = [
        ROWS[0],
        ROWS[2],
        ROWS[1].replace("Commission européenne", "Conseil départemental de la Haute-Loire"),
    ]
    import_schemes(write(tmp_path, rows))
    places = dict(Scheme.objects.values_list("source_url", "places"))
    assert places == {
        f"{AT}/a1-former/": ["d56"],  # Conseil départemental du Morbihan
        f"{AT}/c3-conseil/": ["d77"],  # ID77
        f"{AT}/b2-friches/": ["d43"],  # Haute-Loire, not Loire
    }
    assert Scheme.objects.get(source_url=f"{AT}/c3-conseil/").perimeter == "Seine-et-Marne"
