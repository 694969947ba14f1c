"""The demo's bilan: the national team's PDF of today holds the headline figures computed
from the demo's data (read back with pdftotext), and the public one counts the published
fiches only."""

import shutil
import subprocess
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from territoires.accounts.models import User
from territoires.demo.content import EMAIL_DOMAIN
from territoires.plans.models import ActionSheet, Status
from territoires.steering.bilan import bilan_as_of

pytestmark = pytest.mark.django_db


def pdf_text(content):
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext absent (paquet poppler-utils, installé par .ci/run)")
    result = subprocess.run(["pdftotext", "-", "-"], input=content, capture_output=True, check=True)
    return " ".join(result.stdout.decode().split())


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=StringIO())


def test_the_demo_bilan_pdf_shows_the_figures_of_the_data(demo, client):
    client.force_login(User.objects.get(email=f"national@{EMAIL_DOMAIN}"))
    text = pdf_text(client.get(reverse("bilan:national_pdf")).content)
    bilan = bilan_as_of(timezone.localdate())
    actions = ActionSheet.objects.alive().exclude(status=Status.ABANDONED).count()
    assert bilan.total.actions == actions > 0
    assert " ".join(bilan.headline.split()) in text
    assert " ".join(bilan.precise.split()) in text


def test_the_demo_public_bilan_counts_published_fiches(demo, client):
    text = pdf_text(client.get(reverse("bilan:national_pdf")).content)
    published = (
        ActionSheet.objects.alive()
        .filter(visibility="public")
        .exclude(status=Status.ABANDONED)
        .count()
    )
    assert f"{published} actions publiées" in text
    assert "Version publique" in text
