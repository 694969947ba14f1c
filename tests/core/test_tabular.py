"""core.tabular: the CSV records, the rule for a text cell, and cells safe for spreadsheets."""

import pytest

from territoires.core.tabular import UnclosedQuote, csv_records, spreadsheet_safe, text_problem


def test_records_carry_the_line_where_they_start():
    text = 'a,b\n1,"deux\nlignes"\n3,4\n'
    assert list(csv_records(text)) == [(1, ["a", "b"]), (2, ["1", "deux\nlignes"]), (4, ["3", "4"])]


def test_an_unclosed_quote_names_the_line_where_it_opened():
    records = csv_records('a,b\n1,2\n3,"quatre\n5,6\n')
    assert next(records) == (1, ["a", "b"])
    assert next(records) == (2, ["1", "2"])
    with pytest.raises(UnclosedQuote) as caught:
        next(records)
    assert caught.value.line == 3
    assert "guillemet ouvert à la ligne 3 et jamais fermé" in str(caught.value)


@pytest.mark.parametrize(
    ("value", "max_length", "multiline", "expected"),
    [
        ("Langres", 10, False, None),
        ("deux\nlignes", None, True, None),
        ("deux\nlignes", None, False, "retour à la ligne"),
        ("a\x00b", None, True, "caractère nul"),
        ("a\x1bb", None, True, "caractère de contrôle"),
        ("abcdef", 5, False, "6 caractères, 5 au plus"),
    ],
)
def test_text_problem_says_why_a_cell_cannot_be_stored(value, max_length, multiline, expected):
    problem = text_problem(value, max_length, multiline=multiline)
    assert problem is None if expected is None else expected in problem


@pytest.mark.parametrize("value", ["=1+1", "+33 1 23", "-2", "@SUM(A1)", "\tx", "\rx"])
def test_a_cell_that_starts_like_a_formula_is_shown_as_text(value):
    assert spreadsheet_safe(value) == "'" + value


@pytest.mark.parametrize("value", ["Langres", "", "a=b", 12, None, -3])
def test_other_cells_pass_as_they_are(value):
    assert spreadsheet_safe(value) == value
