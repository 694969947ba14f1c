"""The capabilities of the bilan (national and regional, as a page, a PDF and a DOCX).

Everyone reads a bilan; what it counts is restated here: the full bilan (every fiche and
the financial commitments) for the national team and the operators, and for a region's
bilan also the Région's and the State's regional scopes of that region; everyone else
reads the public version (published fiches only, no money)."""

from django.urls import reverse

from .capability import ONE, Capability
from .rules import BRETAGNE, GRAND_EST, OK

READS_EVERYTHING = frozenset({"operator", "national"})
# The actors whose scope is a whole region: the targets of that region.
REGION_SCOPES = {"region": GRAND_EST, "region_other": BRETAGNE, "state_region": GRAND_EST}


def full_national(actor, target):
    return actor in READS_EVERYTHING


def full_regional(actor, target):
    return actor in READS_EVERYTHING or target in REGION_SCOPES.get(actor, frozenset())


def _version_check(full):
    def check(body, actor, target, kind):
        has_money = "bilan-financers" in body
        is_public = "bilan-public" in body
        if full(actor, target):
            return [] if has_money and not is_public else ["the full bilan is expected"]
        return [] if is_public and not has_money else ["the public bilan is expected"]

    return check


def _api_version_check(full):
    def check(body, actor, target, kind):
        is_public = '"public": true' in body or '"public":true' in body
        has_money = '"committed": null' not in body and '"committed":null' not in body
        if full(actor, target):
            return [] if not is_public and has_money else ["the full figures are expected"]
        return [] if is_public and not has_money else ["the public figures are expected"]

    return check


def _region_code(world, target):
    return world.territory(target).region.code


def _document(name, *args, content_type):
    def call(client, world, target, kind):
        response = client.get(reverse(name, args=[a(world, target) for a in args]))
        assert response["Content-Type"].startswith(content_type)
        return response

    return call


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

BILAN_PAGES = [
    Capability(
        "bilan_national",
        lambda c, w, t, k: c.get(reverse("bilan:national")),
        lambda a, t, k: OK,
        targets=ONE,
        check=_version_check(full_national),
    ),
    Capability(
        "bilan_region",
        lambda c, w, t, k: c.get(reverse("bilan:region", args=[_region_code(w, t)])),
        lambda a, t, k: OK,
        check=_version_check(full_regional),
    ),
    Capability(
        "bilan_national_pdf",
        _document("bilan:national_pdf", content_type="application/pdf"),
        lambda a, t, k: OK,
        targets=ONE,
    ),
    Capability(
        "bilan_region_docx",
        _document("bilan:region_docx", _region_code, content_type=DOCX),
        lambda a, t, k: OK,
    ),
]

BILAN_API = [
    Capability(
        "api_stats_national",
        lambda c, w, t, k: c.get("/api/v1/stats/national/"),
        lambda a, t, k: OK,
        targets=ONE,
        check=_api_version_check(full_national),
    ),
    Capability(
        "api_stats_region",
        lambda c, w, t, k: c.get(f"/api/v1/stats/regions/{_region_code(w, t)}/"),
        lambda a, t, k: OK,
        check=_api_version_check(full_regional),
    ),
]
