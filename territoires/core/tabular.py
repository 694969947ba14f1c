"""Rows of a CSV file read safely, the one rule for a text cell, and cells made safe for
spreadsheets: shared by every importer and every CSV/XLSX export.

- `csv_records(text, delimiter)`: (first line, cells) per record, with a strict reader: a
  quote opened and never closed is an `UnclosedQuote` naming the line where it opened
  (the csv module would otherwise swallow the lines after it into one cell).
- `text_problem(value, max_length)`: the French reason why a cell cannot be stored as
  text (a NUL or other control character, a line break in a one-line field, more
  characters than the column holds), or None.
- `spreadsheet_safe(value)`: a cell a spreadsheet will show as text, never evaluate: one
  that starts like a formula (=, +, -, @, tab, carriage return) gets a leading apostrophe.
  Imports store such text as it is; every export passes its cells through this.
- `SafeWriter(stream, **options)`: the CSV writer of every export, each cell through
  `spreadsheet_safe`.
"""

import csv
import io
import re


class UnclosedQuote(Exception):
    """A quoted cell opened at `line` and never closed: the file cannot be read past it."""

    def __init__(self, line):
        self.line = line
        super().__init__(
            f"guillemet ouvert à la ligne {line} et jamais fermé : le reste du fichier "
            "ne peut pas être lu (fermez ou retirez ce guillemet)"
        )


def csv_records(text, delimiter=","):
    """Yield (line of the record's start, cells) for each record of `text`; raise
    UnclosedQuote or csv.Error (with the line) when the file cannot be read further."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    start = 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            if "end of data" in str(exc) or "unexpected end" in str(exc):
                raise UnclosedQuote(start) from exc
            raise csv.Error(f"ligne {start} : ligne CSV illisible ({exc})") from exc
        yield start, row
        start = reader.line_num + 1


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_LINE_BREAK = re.compile(r"[\r\n]")


def text_problem(value, max_length=None, *, multiline=False):
    """Why `value` cannot be stored in a text column, in French; None when it can."""
    if "\x00" in value:
        return "caractère nul (\\x00) : retirez-le"
    if _CONTROL.search(value):
        return "caractère de contrôle invisible : retirez-le"
    if not multiline and _LINE_BREAK.search(value):
        return "retour à la ligne dans une valeur d'une seule ligne (guillemet mal placé ?)"
    if max_length is not None and len(value) > max_length:
        return f"{len(value)} caractères, {max_length} au plus"
    return None


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    """The cell as a spreadsheet shows it without evaluating it (OWASP's CSV injection
    advice): text starting like a formula gets a leading apostrophe; other values pass."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return f"'{value}"
    return value


class SafeWriter:
    """A `csv.writer` whose every cell goes through `spreadsheet_safe`: the one way our
    exports write a row, so that no cell of any export can be evaluated as a formula."""

    def __init__(self, stream, **options):
        self._writer = csv.writer(stream, **options)

    def writerow(self, row):
        return self._writer.writerow([spreadsheet_safe(cell) for cell in row])
