"""The public catalogue of actions: every published fiche of every territory, filtered,
searched in French (`plans/search.py`, the one search interface) and ranked, with the
searched words highlighted.

"Published" is the permissions package's public visibility: the fiches an anonymous
visitor may see (`policy_for(AnonymousUser())`), whoever asks. A restricted fiche is
never in the catalogue, even for a reader of its territory: the catalogue shows what any
territory may take as an example.
"""

import re
from functools import lru_cache

from django.contrib.auth.models import AnonymousUser
from django.utils.html import escape
from django.utils.safestring import mark_safe

from territoires.core.text import fold, french_stem
from territoires.permissions import policy_for

from . import search
from .models import ActionSheet

# A longer query is cut there: no sentence needs more, and any string stays cheap to parse.
MAX_QUERY_LENGTH = 300
# Without a query, and among fiches of the same rank: the programme's order.
ORDER = ("territory__region__name", "territory__code", "sort_key", "pk")
# What a result shows (title, excerpt, territory, region, axis, status): the list reads no
# more, whatever the length of the other texts.
LIST_COLUMNS = (
    "code",
    "sort_key",
    "title",
    "context",
    "objectives",
    "status",
    "is_example",
    "territory__code",
    "territory__name",
    "territory__region__code",
    "territory__region__name",
    "axis__code",
    "axis__name",
)
_WORD = re.compile(r"\w+")
# Words of the web-search syntax and short words, never highlighted.
_NOT_HIGHLIGHTED = {"or", "and", "et", "ou", "de", "des", "du", "la", "le", "les", "un", "une"}


def clean_query(q):
    """The query as searched: without NUL characters, cut at MAX_QUERY_LENGTH."""
    return (q or "").replace("\x00", " ")[:MAX_QUERY_LENGTH].strip()


def public_sheets():
    """The published fiches of every territory (never a restricted or deleted one)."""
    return policy_for(AnonymousUser()).visible_sheets(ActionSheet.objects.all())


def search_catalogue(*, q="", region="", territory="", axis="", status="", condition=None):
    """The catalogue's fiches matching the filters (codes; empty means all) and the text
    `q`, the most relevant first when there is one (the rank), then in the programme's
    order; with their territory, region and axis, in the same query. `condition` is one
    more condition on the fiches, given by a layer above (funding's financer filter,
    `funding/filters.py`)."""
    sheets = public_sheets().select_related("territory__region", "axis").only(*LIST_COLUMNS)
    if condition is not None:
        sheets = sheets.filter(condition)
    if region:
        sheets = sheets.filter(territory__region__code=region)
    if territory:
        sheets = sheets.filter(territory__code=territory)
    if axis:
        sheets = sheets.filter(axis__code=axis)
    if status:
        sheets = sheets.filter(status=status)
    q = clean_query(q)
    if q:
        return search.search_sheets(sheets, q, rank=True).order_by("-search_rank", *ORDER)
    return sheets.order_by(*ORDER)


_QUERY_WORD = re.compile(r"(-?)(\w+)")


def _stems(q):
    """What a word of the text is highlighted by, for each searched word (not an excluded
    `-word`, nor a short or syntax word): its French stem and the word itself folded, as
    the search matches them (`plans/search.py`: the stem, or a stem beginning with the
    word), so that "foncier" marks "foncière" and "formations" marks "formation"."""
    stems = set()
    for minus, word in _QUERY_WORD.findall(fold(clean_query(q))):
        if minus or len(word) < 3 or word in _NOT_HIGHLIGHTED:
            continue
        stems.add((french_stem(word), word))
    return stems


@lru_cache(maxsize=65536)
def _folded_and_stemmed(word):
    """A word of a fiche, folded, and its stem: once per word, not once per word of every
    excerpt of every page (the API's 50 entries read 7,000 words)."""
    folded = fold(word)
    return folded, french_stem(folded)


def _marked(word, stems):
    folded, stemmed = _folded_and_stemmed(word)
    return any(
        stemmed == stem or stemmed.startswith(whole) or folded.startswith(whole)
        for stem, whole in stems
    )


def highlight(text, q):
    """`text`, HTML-escaped, with the words matching the query `q` inside <mark>."""
    text = text or ""
    stems = _stems(q)
    if not stems:
        return escape(text)
    parts, last = [], 0
    for match in _WORD.finditer(text):
        if _marked(match.group(), stems):
            parts.append(escape(text[last : match.start()]))
            parts.append(f"<mark>{escape(match.group())}</mark>")
            last = match.end()
    parts.append(escape(text[last:]))
    return mark_safe("".join(parts))


def excerpt(sheet, q, length=240):
    """A short passage of the fiche's context or objectives, around the first searched
    word when there is one, highlighted."""
    text = " ".join(filter(None, [sheet.context, sheet.objectives]))
    text = " ".join(text.split())
    start = 0
    stems = _stems(q)
    if stems:
        for match in _WORD.finditer(text):
            if _marked(match.group(), stems):
                start = max(match.start() - 60, 0)
                break
    passage = text[start : start + length]
    prefix = "… " if start else ""
    suffix = " …" if start + length < len(text) else ""
    return mark_safe(f"{prefix}{highlight(passage, q)}{suffix}")
