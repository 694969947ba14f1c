"""Small display helpers for the DSFR pages: status badges, progress, file sizes."""

from decimal import Decimal, InvalidOperation

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from territoires.core import paging

register = template.Library()

STATUS_BADGES = {
    "draft": "",
    "proposed": "fr-badge--blue-cumulus",
    "presented": "fr-badge--purple-glycine",
    "validated": "fr-badge--green-menthe",
    "committed": "fr-badge--green-emeraude",
    "in_progress": "fr-badge--blue-ecume",
    "done": "fr-badge--success fr-badge--no-icon",
    "paused": "fr-badge--warning fr-badge--no-icon",
    "abandoned": "fr-badge--error fr-badge--no-icon",
}


@register.simple_tag
def status_badge(sheet, small=True):
    """The DSFR badge of a fiche's status, followed by « En retard » when it is late."""
    classes = " ".join(
        part
        for part in (
            "fr-badge",
            "fr-badge--sm" if small else "",
            STATUS_BADGES.get(sheet.status, ""),
        )
        if part
    )
    badge = format_html(
        '<span class="{}" data-status="{}">{}</span>',
        classes,
        sheet.status,
        sheet.get_status_display(),
    )
    if sheet.is_late:
        badge += format_html(
            ' <span class="fr-badge fr-badge--error fr-badge--no-icon{}" data-late="1">'
            "En retard</span>",
            " fr-badge--sm" if small else "",
        )
    return badge


@register.simple_tag
def visibility_badge(sheet):
    if sheet.visibility == "restricted":
        return format_html(
            '<span class="fr-badge fr-badge--sm" title="{}">'
            '<span class="fr-icon-lock-line fr-icon--sm" aria-hidden="true"></span>'
            "&nbsp;Restreinte</span>",
            "Visible des membres du territoire et des partenaires habilités",
        )
    return mark_safe('<span class="fr-badge fr-badge--sm fr-badge--blue-ecume">Publiée</span>')


@register.filter
def progress(indicator):
    """Percentage of the way from the baseline to the target, 0-100, or None."""
    try:
        baseline = Decimal(indicator.baseline or 0)
        target, current = indicator.target, indicator.current_value
        if target is None or current is None or Decimal(target) == baseline:
            return None
        value = (Decimal(current) - baseline) / (Decimal(target) - baseline) * 100
    except (InvalidOperation, TypeError):
        return None
    return max(0, min(100, int(value)))


@register.filter
def money(value):
    """A euro amount written the French way: 12 500,00 €."""
    if value is None or value == "":
        return ""
    from django.utils.formats import number_format

    return f"{number_format(value, decimal_pos=2, force_grouping=True)} €"


@register.filter
def french_plural(value, suffixes="s"):
    """The plural ending of a count the French way: from two on, 0 and 1 are singular
    ("0 fiche", "1 fiche", "2 fiches"), where Django's `pluralize` writes "0 fiches".
    `value` is a number or a sized collection; `suffixes` is "s" or "singular,plural"
    ("al,aux")."""
    singular, _, plural = suffixes.rpartition(",") if "," in suffixes else ("", "", suffixes)
    try:
        count = value if isinstance(value, int | float | Decimal) else len(value)
    except TypeError:
        return singular
    return plural if abs(count) >= 2 else singular


@register.simple_tag(takes_context=True)
def page_url(context, number, param="page"):
    """The current address at page `number` of the list paged by `param`, filters kept
    (core/_pagination.html)."""
    return paging.page_url(context["request"], number, param)
