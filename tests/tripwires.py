"""Tripwires for the test suite (installed by conftest.py and settings.py):

- an undefined variable printed by one of our templates (`{{ missing }}`) raises
  UndefinedTemplateVariable instead of printing nothing; `{{ x|default:"…" }}` still
  works, and third-party templates (admin, DSFR) keep Django's silent blank;
- a query of our models that has no order (no `order_by()`, no `Meta.ordering`) comes
  back in a random order, so code that relies on an accidental order fails.
"""

import contextvars
from pathlib import Path

from django.db.models.expressions import OrderBy
from django.db.models.functions import Random
from django.db.models.sql.compiler import SQLCompiler
from django.template import defaultfilters
from django.template.base import VariableNode, render_value_in_context

OUR_TEMPLATES = str(Path(__file__).resolve().parent.parent / "territoires")
_printing = contextvars.ContextVar("printing", default=None)


class UndefinedTemplateVariable(AssertionError):
    """One of our templates printed a variable that the context does not have."""


class StrictInvalid(str):
    """`string_if_invalid` (a string, as Django's checks want): raises for the `{{ }}` of
    our templates, else prints ""."""

    def __new__(cls):
        return super().__new__(cls, "%s")

    def __mod__(self, variable):
        origin = _printing.get()
        if origin is not None:
            raise UndefinedTemplateVariable(
                f"Variable de gabarit non définie : « {variable} » dans {origin}"
            )
        return ""


_DEFAULTS = {defaultfilters.default, defaultfilters.default_if_none}


def _strict_render(original):
    def render(self, context):
        origin = getattr(getattr(self, "origin", None), "name", "") or ""
        uses_default = any(func in _DEFAULTS for func, _args in self.filter_expression.filters)
        if uses_default:
            # As Django does without string_if_invalid: a missing value goes through the
            # filters as None, so `|default:"…"` applies.
            output = self.filter_expression.resolve(context, ignore_failures=True)
            return render_value_in_context(output, context)
        if origin.startswith(OUR_TEMPLATES):
            token = _printing.set(origin.removeprefix(OUR_TEMPLATES + "/"))
            try:
                return original(self, context)
            finally:
                _printing.reset(token)
        return original(self, context)

    render.tripwire = True
    return render


def _unordered(query):
    meta = query.get_meta()
    return (
        meta is not None
        and meta.app_label in OUR_APPS
        and query.default_ordering
        and not query.order_by
        and not query.extra_order_by
        and not meta.ordering
        and not query.distinct
        and not query.combinator
    )


OUR_APPS = {"accounts", "audit", "organisations", "plans", "programmes", "referential"}


def _random_when_unordered(original):
    def _order_by_pairs(self):
        if _unordered(self.query):
            yield OrderBy(Random()), False
            return
        yield from original(self)

    _order_by_pairs.tripwire = True
    return _order_by_pairs


def install():
    """Patch Django once for the whole session (idempotent)."""
    if not getattr(VariableNode.render, "tripwire", False):
        VariableNode.render = _strict_render(VariableNode.render)
    if not getattr(SQLCompiler._order_by_pairs, "tripwire", False):
        SQLCompiler._order_by_pairs = _random_when_unordered(SQLCompiler._order_by_pairs)
