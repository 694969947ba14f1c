"""The tripwires of the test suite hold (tests/tripwires.py, tests/sql_snapshots.py)."""

from pathlib import Path

import pytest
from django.template import Context, Engine, Template
from django.template.base import Origin

from territoires.plans.models import ActionSheet

from .sql_snapshots import normalise
from .tripwires import OUR_TEMPLATES, UndefinedTemplateVariable

ENGINE = Engine.get_default()


def render(source, origin):
    template = Template(source, origin=Origin(name=origin), engine=ENGINE)
    return template.render(Context({"present": "là"}))


def test_an_undefined_variable_in_our_templates_raises():
    ours = str(Path(OUR_TEMPLATES) / "pages" / "templates" / "essai.html")
    assert render("{{ present }}", ours) == "là"
    with pytest.raises(UndefinedTemplateVariable, match="absente"):
        render("{{ absente }}", ours)
    assert render('{{ absente|default:"—" }}', ours) == "—"


def test_third_party_templates_keep_the_silent_blank():
    assert render("[{{ absente }}]", "/usr/lib/python3/site-packages/dsfr/x.html") == "[]"


@pytest.mark.django_db
def test_an_unordered_query_of_our_models_comes_back_in_a_random_order():
    unordered = str(ActionSheet.pilots.through.objects.all().query).upper()
    ordered = str(ActionSheet.objects.all().query).upper()
    assert "RANDOM()" in unordered or "RAND()" in unordered
    assert "RANDOM()" not in ordered


def test_sql_is_normalised_for_snapshots():
    sql = """SELECT "a"."id" FROM "a"  WHERE ("a"."id" IN (%s, %s, %s) AND "a"."code" = 'F1')
             LIMIT 21; SAVEPOINT "s140_x3\""""
    assert normalise(sql) == (
        'SELECT "a"."id" FROM "a" WHERE ("a"."id" IN (…) AND "a"."code" = \'…\') '
        "LIMIT #; SAVEPOINT s_x"
    )
