"""The cache of the programme's figures: never their only source, invalidated by every
audited write (decision [0028](../../docs/decisions/0028-figures-cache.md)).

A figure is computed by its read (`figures`, `bilan`, `report`) and kept in Django's
cache under a key made of:

- the data version: a token renewed when a transaction that recorded an audit event
  commits (`on_event`, subscribed to `audit.log` in `apps.ready()`), or saved or deleted
  a row the figures read (`on_row_written`: the admin of the programme writes no event),
  and after `migrate`,
  and the id of the audit log's last event (read in the request's transaction: a write
  sees its own change at once, and events written in bulk, without the services, move it
  too);
- today's date (the late fiches, the bilan of today);
- what the figure depends on, the reader's perimeter included (complete or public): two
  readers share an entry only when they are shown the same figures.

A miss computes the figure from the database, as without a cache. Today's figures are
kept `FIGURES_CACHE_SECONDS`, a past day's bilan `PAST_FIGURES_CACHE_SECONDS` (history can
be corrected: the data version moves with it); 0 turns the cache off.
"""

import hashlib
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.utils import timezone

from territoires.audit.models import AuditEvent

TOKEN_KEY = "figures:token"
_MISSING = object()


def renew(**_kwargs):
    """A new data version: every entry kept so far is out of reach (and expires)."""
    cache.set(TOKEN_KEY, uuid.uuid4().hex, timeout=None)


def on_event(event):
    """An audit event was recorded: renew the data version when its transaction commits
    (once per transaction)."""
    if not any(func is renew for _ids, func, _robust in connection.run_on_commit):
        transaction.on_commit(renew)


# The apps whose rows the figures read: a row of theirs saved or deleted outside the
# services (the programme's axes, stages and targets edited in the admin) renews the
# data version too. Bulk writes send no signal: the lifetimes bound them.
FIGURE_APPS = frozenset({"plans", "funding", "referential", "programmes", "organisations"})


def on_row_written(sender, **_kwargs):
    """post_save / post_delete of any model: renew at the commit for a figure's row."""
    if sender._meta.app_label in FIGURE_APPS:
        on_event(None)


def _token():
    token = cache.get(TOKEN_KEY)
    if token is None:
        cache.add(TOKEN_KEY, uuid.uuid4().hex, timeout=None)
        token = cache.get(TOKEN_KEY, "")
    return token


def data_version():
    """The token and the id of the last audit event (one index read)."""
    last = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    return f"{_token()}.{last}"


def key(kind, params):
    """The cache key of a figure `kind` for `params` (a tuple of plain values) at the
    current data version and date."""
    raw = repr((data_version(), timezone.localdate().isoformat(), kind, params))
    return f"figures:{kind}:{hashlib.sha256(raw.encode()).hexdigest()}"


def cached(kind, params, compute, *, past=False):
    """The figure `kind` for `params`: from the cache, or `compute()` then kept. `past`:
    a figure of a day before today (kept longer)."""
    timeout = settings.PAST_FIGURES_CACHE_SECONDS if past else settings.FIGURES_CACHE_SECONDS
    if not timeout:
        return compute()
    name = key(kind, params)
    value = cache.get(name, _MISSING)
    if value is _MISSING:
        value = compute()
        cache.set(name, value, timeout=timeout)
    return value


def bilan(day, *, region=None, public=False):
    """`bilan.bilan_as_of`, through the cache (the page, its files and the API)."""
    from .bilan import bilan_as_of

    return cached(
        "bilan",
        (day.isoformat(), getattr(region, "pk", None), public),
        lambda: bilan_as_of(day, region=region, public=public),
        past=day < timezone.localdate(),
    )


def bilan_file(bilan, kind):
    """The bilan's PDF or DOCX (`kind`), through the cache."""
    from . import report

    render = {"pdf": report.bilan_pdf, "docx": report.bilan_docx}[kind]
    return cached(
        f"bilan-{kind}",
        (bilan.day.isoformat(), getattr(bilan.region, "pk", None), bilan.public),
        lambda: render(bilan),
        past=bilan.day < timezone.localdate(),
    )


def similar(sheet):
    """`plans.similar.similar_sheets(sheet)` through the cache: the same list for every
    reader (published fiches of other territories only), so its key is the fiche alone;
    the data version moves with any audited write, the fiche's own or another's
    publication, edit or restriction."""
    from territoires.plans.similar import similar_sheets

    return cached("similar", (sheet.pk,), lambda: similar_sheets(sheet))
