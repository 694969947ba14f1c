"""The similar actions beat a plain keyword search on our judgment set (at least 20 judged
fiches, demo fiches and real Fonds vert projects read from the shared file), and the
command reports both measures without keeping anything in the database."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from territoires.demo.scale import sources
from territoires.demo.similar_evaluation import JUDGMENTS, evaluate
from territoires.funding.evaluation import means
from territoires.plans.models import ActionSheet

pytestmark = [pytest.mark.django_db, pytest.mark.shared_data]


@pytest.fixture(autouse=True)
def _needs_projects():
    if not (sources.default_data_dir() / sources.PROJECTS_FILE).is_file():
        pytest.skip("fichier partagé du Fonds vert absent")


def test_the_judgment_set_has_twenty_judged_fiches_or_more():
    data = json.loads(JUDGMENTS.read_text(encoding="utf-8"))

    assert sum(1 for items in data["relevant"].values() if items) >= 20
    assert data["method"] and data["about"]


def test_the_similar_actions_clearly_beat_the_keyword_search():
    rows = evaluate()

    ours, theirs = means(rows, "project"), means(rows, "baseline")
    assert ours[0] >= theirs[0] + 0.05, (ours, theirs)
    assert ours[1] >= theirs[1] + 0.05, (ours, theirs)


def test_the_command_reports_and_keeps_nothing():
    out = StringIO()

    call_command("evaluate_similar", stdout=out)

    assert "Actions similaires : nDCG@5 = " in out.getvalue()
    assert "Mots-clés : nDCG@5 = " in out.getvalue()
    assert not ActionSheet.objects.exists()
