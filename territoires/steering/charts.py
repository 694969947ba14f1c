"""Charts drawn on the server as SVG: horizontal bars, one per row, the value written at
the end of each bar. The same markup goes into the page and the PDF (no script); a table
with the same figures sits beside every chart."""

from django.utils.html import format_html, format_html_join

ROW_HEIGHT = 22
LABEL_WIDTH = 190
BAR_WIDTH = 300
VALUE_WIDTH = 130


def bars(title, items):
    """An SVG bar chart. `items`: (label, value, text) tuples, `text` the value as shown."""
    items = list(items)
    largest = max((value for _label, value, _text in items), default=0) or 1
    height = ROW_HEIGHT * max(len(items), 1) + 4
    width = LABEL_WIDTH + BAR_WIDTH + VALUE_WIDTH
    rows = format_html_join(
        "",
        '<text x="{}" y="{}" text-anchor="end" font-size="11">{}</text>'
        '<rect x="{}" y="{}" width="{}" height="{}" fill="#000091"></rect>'
        '<text x="{}" y="{}" font-size="11">{}</text>',
        (
            (
                LABEL_WIDTH - 6,
                index * ROW_HEIGHT + 15,
                label,
                LABEL_WIDTH,
                index * ROW_HEIGHT + 4,
                round(BAR_WIDTH * float(value) / float(largest), 1),
                ROW_HEIGHT - 8,
                LABEL_WIDTH + round(BAR_WIDTH * float(value) / float(largest), 1) + 6,
                index * ROW_HEIGHT + 15,
                text,
            )
            for index, (label, value, text) in enumerate(items)
        ),
    )
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="{}" '
        'viewBox="0 0 {} {}" width="{}" height="{}" class="ti-chart">'
        "<title>{}</title>{}</svg>",
        title,
        width,
        height,
        width,
        height,
        title,
        rows,
    )
