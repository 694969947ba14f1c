"""The catalogue's search (plans.catalogue): published fiches only, filters, the French
search through plans.search, the highlighting."""

import pytest

from territoires.demo import content
from territoires.plans import catalogue
from territoires.plans.models import ActionSheet

from ..factories import ActionSheetFactory

pytestmark = pytest.mark.django_db


def codes(queryset):
    return [sheet.code for sheet in queryset]


def test_the_catalogue_holds_the_published_fiches_only(fiches):
    assert sorted(codes(catalogue.search_catalogue())) == ["F2.1", "F9", "V1"]


def test_a_search_finds_published_fiches_never_restricted_or_deleted_ones(fiches):
    assert sorted(codes(catalogue.search_catalogue(q="foncier"))) == ["F2.1", "V1"]


def test_filters_by_region_territory_axis_and_status(fiches):
    assert sorted(codes(catalogue.search_catalogue(region="53"))) == ["V1"]
    assert sorted(codes(catalogue.search_catalogue(territory="4403"))) == ["F2.1", "F9"]
    assert codes(catalogue.search_catalogue(status="validated")) == ["F9"]
    axis = fiches["F9"].axis.code
    assert "F9" in codes(catalogue.search_catalogue(axis=axis))
    assert codes(catalogue.search_catalogue(axis="inconnu")) == []


@pytest.mark.parametrize(
    "q",
    [
        '"foncier',
        "foncier OR -friches",
        "!!! & | <-> :* ( ) '",
        "x" * 10_000,
        "foncier " * 2_000,
        "nul\x00caractère",
        "-",
        "or",
    ],
)
def test_any_string_is_searched_without_error(fiches, q):
    found = codes(catalogue.search_catalogue(q=q))
    assert "F20" not in found and "F21" not in found


def test_a_very_long_query_is_cut():
    assert len(catalogue.clean_query("é" * 10_000)) == catalogue.MAX_QUERY_LENGTH


def test_highlight_marks_the_searched_words_whatever_their_accents_and_endings():
    marked = catalogue.highlight("Renforcer l'offre foncière et immobilière d'activités", "foncier")
    assert marked == "Renforcer l&#x27;offre <mark>foncière</mark> et immobilière d&#x27;activités"
    assert catalogue.highlight("Les formations", "FORMATION") == "Les <mark>formations</mark>"


def test_highlight_marks_what_the_search_matches_by_stem_and_not_the_excluded_words():
    # "industrielle" and "industriels" share the stem "industriel"; "mécanique" is excluded.
    marked = catalogue.highlight(
        "Friches industrielles et sous-traitants mécaniques", "industriels -mécanique"
    )
    assert marked == "Friches <mark>industrielles</mark> et sous-traitants mécaniques"
    # A word beginning like the searched one is marked, as the search finds it (prefix).
    assert catalogue.highlight("La maintenance", "mainten") == "La <mark>maintenance</mark>"
    # A word that only shares letters is not: "formidable" does not begin with "format".
    assert "<mark>" not in catalogue.highlight("Un projet formidable", "formations")


def test_highlight_escapes_the_text_before_marking():
    marked = catalogue.highlight("<script>foncier</script>", "foncier")
    assert marked == "&lt;script&gt;<mark>foncier</mark>&lt;/script&gt;"
    assert "<b>" not in catalogue.highlight("<b>rien</b>", "")


def test_the_excerpt_shows_the_passage_of_the_first_searched_word(fiches):
    excerpt = catalogue.excerpt(fiches["F2.1"], "friches")
    assert "<mark>friches</mark>" in excerpt
    assert "&lt;b&gt;" in excerpt


def test_on_the_demo_fiches_the_searches_of_the_issue_find_their_fiches(territory):
    """The demo's fiches of 4403 (their codes and titles, as load_demo writes them) and
    its example fiches, some restricted."""
    for code, _axis, title, _presenter in content.SHEETS:
        ActionSheetFactory(territory=territory, code=code, title=title)
    for code, _axis, title, visibility, _story in content.EXAMPLE_SHEETS:
        ActionSheetFactory(code=code, title=title, visibility=visibility)

    found = codes(catalogue.search_catalogue(q="foncier"))
    assert found[0] == "F2.1"
    assert codes(catalogue.search_catalogue(q="formation maintenance")) == ["F9"]
    assert codes(catalogue.search_catalogue(q="FONCIÈRE")) == ["F2.1"]
    # French stemming, on both databases: a plural finds the singular.
    assert codes(catalogue.search_catalogue(q="foncières immobilières")) == ["F2.1"]
    restricted = ActionSheet.objects.exclude(visibility="public").values_list("pk", flat=True)
    assert restricted
    assert not set(restricted) & {s.pk for s in catalogue.search_catalogue()}
