"""core.lookups: `__in` on an integer column ignores the values the column cannot hold,
as Django's own `=` does, instead of an OverflowError (SQLite) or an out-of-range error."""

import pytest
from django import forms

from territoires.organisations.models import Person

from ..factories import PersonFactory

pytestmark = pytest.mark.django_db

HUGE = 2**63


def test_in_ignores_ids_past_the_column():
    person = PersonFactory()
    assert list(Person.objects.filter(pk__in=[HUGE, person.pk, -HUGE])) == [person]
    assert list(Person.objects.filter(pk__in=[HUGE])) == []
    assert list(Person.objects.exclude(pk__in=[HUGE])) == [person]


def test_a_multiple_choice_of_an_id_past_the_column_is_a_french_form_error():
    PersonFactory()

    class Choice(forms.Form):
        people = forms.ModelMultipleChoiceField(queryset=Person.objects.order_by("pk"))

    form = Choice(data={"people": [str(HUGE)]})
    assert not form.is_valid()
    assert "people" in form.errors
