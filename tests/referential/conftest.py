"""Small, real-fact fixtures for the referential imports (COG 2026, Territoires d'industrie).

EPCI memberships are cut down to a few communes each: CA de Chaumont keeps 3 communes,
CC du Grand Langres 3, Dijon Métropole 1.
"""

import csv
import json

import pytest

REGIONS = [
    {"code": "27", "nom": "Bourgogne-Franche-Comté", "chefLieu": "21231", "zone": "metro"},
    {"code": "44", "nom": "Grand Est", "chefLieu": "67482", "zone": "metro"},
]
DEPARTMENTS = [
    {"code": "21", "region": "27", "nom": "Côte-d'Or", "chefLieu": "21231", "zone": "metro"},
    {"code": "52", "region": "44", "nom": "Haute-Marne", "chefLieu": "52121", "zone": "metro"},
]
CA_CHAUMONT, CC_GRAND_LANGRES, DIJON_METROPOLE = "200068658", "200072999", "242100410"
EPCIS = [
    {
        "code": CA_CHAUMONT,
        "nom": "CA de Chaumont",
        "type": "CA",
        "modeFinancement": "FPU",
        "membres": [
            {"code": "52121", "nom": "Chaumont"},
            {"code": "52353", "nom": "Nogent"},
            {"code": "52058", "nom": "Bologne"},
        ],
    },
    {
        "code": CC_GRAND_LANGRES,
        "nom": "CC du Grand Langres",
        "type": "CC",
        "modeFinancement": "FPU",
        "membres": [
            {"code": "52269", "nom": "Langres"},
            {"code": "52332", "nom": "Val-de-Meuse"},
            {"code": "52432", "nom": "Rolampont"},
        ],
    },
    {
        "code": DIJON_METROPOLE,
        "nom": "Dijon Métropole",
        "type": "METRO",
        "modeFinancement": "FPU",
        "membres": [{"code": "21231", "nom": "Dijon"}],
    },
]


def _commune(code, name, department, population, **extra):
    region = "44" if department == "52" else "27"
    item = {"code": code, "nom": name, "departement": department, "region": region}
    item.update(type="commune-actuelle", population=population, **extra)
    return item


COMMUNES = [
    _commune("21231", "Dijon", "21", 161830),
    _commune("52058", "Bologne", "52", 1833),
    _commune("52121", "Chaumont", "52", 20827, anciensCodes=["52078"]),
    _commune("52269", "Langres", "52", 7421, anciensCodes=["52144"]),
    _commune("52332", "Val-de-Meuse", "52", 1801),
    _commune("52353", "Nogent", "52", 3550, anciensCodes=["52176", "52191", "52361"]),
    _commune("52432", "Rolampont", "52", 1373),
    # Not a current commune: skipped by the import.
    {
        "code": "52176",
        "nom": "Donnemarie",
        "departement": "52",
        "region": "44",
        "type": "commune-deleguee",
        "chefLieu": "52353",
    },
]

TERRITORY_ROWS = [
    ("52121", "4403", "Bassins de Langres - Chaumont"),
    ("52353", "4403", "Bassins de Langres - Chaumont"),
    ("52058", "4403", "Bassins de Langres - Chaumont"),
    ("52269", "4403", "Bassins de Langres - Chaumont"),
    ("52332", "4403", "Bassins de Langres - Chaumont"),
    ("21231", "2799", "Territoire d'essai de Dijon"),
]
HEADER = ("code_commune", "code_terrind", "libelle_terrind")


def write_cog(folder, **overrides):
    """Write the four JSON files; `overrides` replaces a file's content (name without
    .json, e.g. communes=[...]), or its raw text when given a str."""
    folder.mkdir(parents=True, exist_ok=True)
    content = {
        "regions": REGIONS,
        "departements": DEPARTMENTS,
        "epci": EPCIS,
        "communes": COMMUNES,
    }
    content.update(overrides)
    for name, data in content.items():
        path = folder / f"{name}.json"
        if data is None:
            continue
        text = data if isinstance(data, str) else json.dumps(data, ensure_ascii=False, indent=2)
        path.write_text(text, encoding="utf-8")
    return folder


def write_csv(path, rows, header=HEADER, delimiter=","):
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, delimiter=delimiter)
        if header:
            writer.writerow(header)
        writer.writerows(rows)
    return path


@pytest.fixture
def cog_dir(tmp_path):
    return write_cog(tmp_path / "cog")


@pytest.fixture
def cog(db, cog_dir):
    """The small COG, imported."""
    from territoires.referential.importers.cog import import_cog

    return import_cog(cog_dir)


@pytest.fixture
def territories_csv(tmp_path):
    return write_csv(tmp_path / "territoires.csv", TERRITORY_ROWS)
