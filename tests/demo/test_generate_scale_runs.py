"""`manage.py generate_scale` on an empty database: --reset, a missing data folder,
territories above the 148 real ones."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from territoires.demo import scale
from territoires.plans.models import ActionSheet, Tag
from territoires.referential.models import Territory

from .conftest import FACTOR, generate

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.shared_data,
    pytest.mark.usefixtures("needs_shared_data"),
]


@pytest.mark.django_db(transaction=True)
def test_reset_starts_over_from_an_empty_database(tmp_path):
    """In committed transactions, as in real use (PostgreSQL's TRUNCATE refuses to run
    beside pending constraint checks)."""
    generate(tmp_path)
    Tag.objects.create(name="écrit avant --reset")
    generate(tmp_path, "--reset")
    assert ActionSheet.objects.count() == round(scale.SHEETS_AT_1 * FACTOR)
    assert not Tag.objects.filter(name="écrit avant --reset").exists()


def test_a_missing_data_folder_is_named(tmp_path):
    with pytest.raises(CommandError, match="introuvable"):
        call_command("generate_scale", "--data", str(tmp_path), stdout=StringIO())


def test_extra_territories_follow_the_real_code_pattern(db, tmp_path, monkeypatch):
    """Above the 148 real territories, examples are coded region + sequence."""
    monkeypatch.setattr(scale, "TERRITORIES_AT_1", 160)
    monkeypatch.setattr(scale, "SHEETS_AT_1", 200)
    scale.generate(1, cog_dir=tmp_path, log=lambda message: None)
    extras = Territory.objects.filter(is_example=True).select_related("region")
    assert extras.count() == 160 - 148
    assert ActionSheet.objects.count() == scale.SHEETS_AT_1
    for territory in extras:
        assert territory.code.startswith(territory.region.code)
        assert territory.code[len(territory.region.code) :].isdigit()
        assert territory.phase == "2023"
