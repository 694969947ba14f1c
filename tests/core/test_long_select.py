"""LongSelect writes the same select as Django's template-rendered one."""

import pytest
from django import forms
from django.test import SimpleTestCase

from territoires.core.forms import LongSelect

CHOICES = [("", "Tous les territoires"), ("T1", "Vallée <de> l'Arve & co (T1)"), ("T2", "Sud")]


class Filters(forms.Form):
    plain = forms.ChoiceField(choices=CHOICES, required=False)
    long = forms.ChoiceField(choices=CHOICES, required=False, widget=LongSelect)
    needed = forms.ChoiceField(choices=CHOICES, widget=LongSelect(attrs={"class": "fr-select"}))


def html_of(form, name):
    return str(form[name]).replace('"long"', '"plain"').replace('"id_long', '"id_plain')


@pytest.mark.parametrize("data", [{}, {"plain": "T1", "long": "T1"}, {"plain": "x", "long": "x"}])
def test_long_select_writes_the_same_html_as_django_select(data):
    form = Filters(data)
    SimpleTestCase().assertHTMLEqual(html_of(form, "long"), str(form["plain"]))


def test_long_select_marks_the_chosen_option_escapes_labels_and_keeps_attributes():
    form = Filters({"long": "T2", "needed": "T1"})
    html = str(form["needed"])
    assert 'class="fr-select"' in html and " required" in html
    escaped = "Vallée &lt;de&gt; l&#x27;Arve &amp; co (T1)"
    assert f'<option value="T1" selected>{escaped}</option>' in html
    assert '<option value="T2" selected>Sud</option>' in str(form["long"])


def test_long_select_renders_groups_as_django_does():
    grouped = [("Nord", [("T1", "Un")]), ("Sud", [("T2", "Deux")])]

    class Grouped(forms.Form):
        plain = forms.ChoiceField(choices=grouped)
        long = forms.ChoiceField(choices=grouped, widget=LongSelect)

    form = Grouped()
    assert "<optgroup" in str(form["long"])
    SimpleTestCase().assertHTMLEqual(html_of(form, "long"), str(form["plain"]))
