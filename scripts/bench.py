"""Performance benchmarks (`make bench`): page and API timings on a scratch database.

Targets are stated here, not in the test suite: the suite checks that query counts do
not grow with the data, this script measures time on this machine.
Usage: python scripts/bench.py [--sheets 300] [--runs 15]
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGETS_MS = {
    "import du référentiel (COG complet)": 60_000,
    "import des territoires 2019": 30_000,
    "page du territoire": 400,
    "page d'une fiche": 200,
    "API : liste des fiches (page de 100)": 300,
}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sheets", type=int, default=300)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()

    workdir = tempfile.mkdtemp(prefix="ti-bench-")
    os.environ["DATABASE_URL"] = os.environ.get(
        "BENCH_DATABASE_URL", f"sqlite:///{workdir}/bench.sqlite3"
    )
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    os.environ["AXES_ENABLED"] = "0"

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()
    settings.ALLOWED_HOSTS = ["testserver"]
    call_command("migrate", verbosity=0)

    from territoires.plans.models import Step
    from tests.factories import (
        ActionSheetFactory,
        MembershipFactory,
        PersonFactory,
        TerritoryFactory,
    )

    territory = TerritoryFactory(code="9999", name="Territoire de mesure")
    reader = MembershipFactory(territory=territory, role="reader").user
    people = PersonFactory.create_batch(10)
    started = time.perf_counter()
    sheets = []
    for index in range(args.sheets):
        sheet = ActionSheetFactory(
            territory=territory,
            code=f"F{index // 10}.{index % 10}",
            presenter=people[index % 10],
            visibility="restricted" if index % 3 else "public",
        )
        sheet.pilots.set(people[index % 10 : index % 10 + 2])
        sheets.append(sheet)
    Step.objects.bulk_create(
        Step(sheet=sheet, title=f"Étape {n}", position=n) for sheet in sheets for n in range(3)
    )
    print(f"Données : {args.sheets} fiches créées en {time.perf_counter() - started:.1f} s")

    client = Client()
    client.force_login(reader)
    middle = sheets[len(sheets) // 2]
    cases = {
        "page du territoire": f"/territoires/{territory.code}/",
        "page d'une fiche": middle.get_absolute_url(),
        "API : liste des fiches (page de 100)": (
            f"/api/v1/action-sheets/?territory={territory.code}&page_size=100"
        ),
    }
    failures = bench_imports(call_command)
    for label, url in cases.items():
        timings = []
        for _ in range(args.runs):
            started = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                raise SystemExit(f"{label}: HTTP {response.status_code} sur {url}")
        median = statistics.median(timings)
        target = TARGETS_MS[label]
        verdict = "OK" if median <= target else "TROP LENT"
        failures += median > target
        print(f"{label:<40} médiane {median:7.1f} ms  (cible {target} ms)  {verdict}")
    sys.exit(1 if failures else 0)


def bench_imports(call_command):
    """Time the two imports on the real files when they are on this machine."""
    cog = ROOT / "var" / "cog" / "package" / "data"
    communes = ROOT.parent / "shared" / "data" / "territoires-industrie-2019-communes.csv"
    if not (cog.is_dir() and communes.is_file()):
        print("Imports non mesurés : lancez `make referential` une fois (var/cog).")
        return 0
    failures = 0
    for label, command, path in (
        ("import du référentiel (COG complet)", "import_cog", cog),
        ("import des territoires 2019", "import_territories", communes),
    ):
        started = time.perf_counter()
        call_command(command, str(path), verbosity=0)
        elapsed = (time.perf_counter() - started) * 1000
        target = TARGETS_MS[label]
        failures += elapsed > target
        verdict = "OK" if elapsed <= target else "TROP LENT"
        print(f"{label:<40} {elapsed:9.0f} ms  (cible {target} ms)  {verdict}")
    return failures


if __name__ == "__main__":
    main()
