"""End-to-end: the national team reads the bilan of 31 December 2019 and downloads it as a
PDF; the Région reads the complete bilan of Grand Est; an anonymous visitor reads the
public version. In a real browser against the `make demo` server; every page is checked
(style, console, axe-core)."""

import re
import shutil
import subprocess

import pytest
from playwright.sync_api import expect


def pdf_text(path):
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext absent (paquet poppler-utils, installé par .ci/run)")
    result = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True)
    return " ".join(result.stdout.decode().split())


def test_the_national_team_reads_and_downloads_the_bilan_of_a_past_day(demo_server, ui):
    page = ui.page
    ui.login("national")
    ui.goto("/")
    page.get_by_role("navigation", name="Menu principal").get_by_role("link", name="Bilan").click()
    expect(page.locator("h1")).to_contain_text("Bilan au")
    ui.check()

    page.get_by_label("Bilan au").fill("2019-12-31")
    page.get_by_role("button", name="Afficher le bilan").click()
    expect(page.locator("h1")).to_have_text("Bilan au 31/12/2019 — programme national")
    headline = page.locator("[data-testid=bilan-headline]")
    expect(headline).to_contain_text(re.compile(r"^Au 31/12/2019, "))
    expect(page.locator("[data-testid=bilan-financers]")).to_be_visible()
    expect(page.locator("[data-testid=bilan-regions] caption")).to_have_text(
        "Territoires et actions par région"
    )
    ui.check()

    with page.expect_download() as download:
        page.get_by_role("link", name="Télécharger le bilan (PDF)").click()
    assert download.value.suggested_filename == "bilan-national-2019-12-31.pdf"
    text = pdf_text(download.value.path())
    assert " ".join(headline.inner_text().split()) in text


def test_the_region_reads_its_complete_bilan_and_the_public_its_public_one(demo_server, ui):
    page = ui.page
    ui.goto("/bilan/")
    expect(page.locator("[data-testid=bilan-public]")).to_be_visible()
    expect(page.locator("[data-testid=bilan-financers]")).to_have_count(0)
    ui.check()

    ui.login("region")
    ui.goto("/regions/44/bilan/?date=2019-12-31")
    expect(page.locator("h1")).to_have_text("Bilan au 31/12/2019 — région Grand Est")
    expect(page.locator("[data-testid=bilan-financers]")).to_be_visible()
    expect(page.locator("[data-testid=bilan-headline]")).to_contain_text("en région Grand Est")
    ui.check()
