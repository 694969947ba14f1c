"""Text search over fiches action, in French, behind one interface for both databases.

Each fiche stores what is searched, kept up to date by every write (`index_sheet` before
it, `index_written` after it: `ActionSheet.save` and `ActionSheet.objects.bulk_create`):

- `search_text`, its code, title, context and objectives lower-cased without accents
  (`core.text.fold`), read by the similar actions;
- on PostgreSQL, `search_vector`, the French full-text vector of that text (the code and
  title weighted A), under a GIN index;
- on SQLite, a row of the FTS5 table `plans_actionsheet_fts` (rowid = the fiche's id):
  the folded French Snowball stems of its code and title (column `title`) and of its
  context and objectives (column `body`), without stop words (`core.text.french_stems`),
  written in the same transaction as the fiche. SQLite has no French stemmer: the stems
  are computed in Python, and the query is stemmed the same way.

The same query language on both: the web-search syntax ("a b" all required, "a or b",
"-a" excluded, quotes for a phrase), stemming ("formations" finds "formation"), accents
folded on both sides ("fonciere" finds "foncière"), or the exact code whatever its case.
A plain query (no operator) also matches its words of three letters or more as stem
prefixes: "foncier" is stemmed "fonci" but "foncière" "foncier", so `fonci:*` (`"foncier"*`
on SQLite) finds it. Any string is a query: on SQLite only word characters reach MATCH,
inside quoted strings built here; on PostgreSQL the web-search parser never fails and the
prefix query is built from word characters only. The rank (`search_rank`, higher is
better) is `ts_rank` on PostgreSQL and FTS5's bm25 with the title weighted on SQLite.
"""

import re
from contextlib import contextmanager

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection, transaction
from django.db.models import F, FloatField, Func, Q, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Upper
from django.db.models.lookups import Exact

from territoires.core.text import fold, french_stems

SEARCH_FIELDS = ("code", "title", "context", "objectives")
STORED_FIELDS = ("search_text", "search_vector")
CONFIG = "french"
FTS_TABLE = "plans_actionsheet_fts"
# bm25's weight of the title column against the body's (ts_rank: A 1.0 against D 0.1).
TITLE_WEIGHT = 10.0
_WORD = re.compile(r"[^\W_]+")
# A query using the web-search syntax: quotes, an excluded word, "or".
_OPERATORS = re.compile(r'["]|(?:^|\s)-|\bor\b')
# One clause of the web-search syntax: a quoted phrase (its closing quote optional) or a
# word, either after "-".
_CLAUSE = re.compile(r'(-?)"([^"]*)"?|(-?)([^\s"]+)')
MAX_PREFIX_WORDS = 20
# Bounds on what reaches FTS5 (its parser has a depth): clauses and words of a phrase.
MAX_CLAUSES = 32
MAX_PHRASE = 16


def searchable_text(sheet):
    """The folded text a fiche is found by."""
    return fold(" ".join(getattr(sheet, name) or "" for name in SEARCH_FIELDS))


def _is_sqlite():
    return connection.vendor == "sqlite"


def _title_and_body(sheet):
    """The fiche's code and title, and its context and objectives (what is ranked apart)."""
    return (
        f"{sheet.code or ''} {sheet.title or ''}",
        f"{sheet.context or ''} {sheet.objectives or ''}",
    )


def _vector(sheet):
    """PostgreSQL: the French vector of the fiche's folded text, its code and title
    weighted A (ts_rank counts them ten times the rest), as an SQL expression."""
    title, body = _title_and_body(sheet)
    return SearchVector(Value(fold(title)), config=CONFIG, weight="A") + SearchVector(
        Value(fold(body)), config=CONFIG
    )


def _fts_row(sheet):
    """SQLite: the fiche's row of the FTS5 table, its stems without stop words."""
    title, body = _title_and_body(sheet)
    return (sheet.pk, " ".join(french_stems(title)), " ".join(french_stems(body)))


def index_sheet(sheet):
    """Fill the stored search columns of `sheet`, about to be written (saved or bulk
    created). On PostgreSQL the vector is an SQL expression computed by the INSERT or
    UPDATE itself (no extra query)."""
    sheet.search_text = searchable_text(sheet)
    if connection.vendor == "postgresql":
        sheet.search_vector = _vector(sheet)


def index_written(sheets):
    """After `sheets` were written (their ids known): on SQLite, their rows of the FTS5
    table, in one statement, to run in the transaction of the write. Nothing to do on
    PostgreSQL."""
    rows = [_fts_row(sheet) for sheet in sheets if sheet.pk is not None]
    if rows and _is_sqlite():
        with connection.cursor() as cursor:
            cursor.executemany(
                f'INSERT OR REPLACE INTO "{FTS_TABLE}" (rowid, title, body) VALUES (%s, %s, %s)',
                rows,
            )


def fill_vectors(queryset, batch_size=500):
    """After a write of searched fields that bypassed `save()` (a `bulk_update`, an
    `update()`, which must also set `search_text`): recompute the vectors (PostgreSQL) or
    the FTS5 rows (SQLite) of these fiches from their fields, by batches."""
    sheets = queryset.only("pk", *SEARCH_FIELDS).order_by("pk")
    batch = []
    for sheet in sheets.iterator(chunk_size=batch_size):
        batch.append(sheet)
        if len(batch) == batch_size:
            _refill(queryset.model, batch)
            batch = []
    _refill(queryset.model, batch)


def _refill(model, sheets):
    if connection.vendor != "postgresql":
        index_written(sheets)
        return
    for sheet in sheets:
        sheet.search_vector = _vector(sheet)
    model.objects.bulk_update(sheets, ["search_vector"])


# SQLite: the web-search syntax as an FTS5 expression -----------------------------------


def _phrase(stems):
    """One FTS5 string: a word, or a phrase of several ("a b"). Stems are word
    characters; a quote would still be doubled, never end the string."""
    return '"' + " ".join(stems).replace('"', '""') + '"'


def _clauses(folded):
    """The web-search syntax of `folded`: groups joined by "or", each a list of clauses
    (excluded, stems) all required. Stop words are dropped, as PostgreSQL does."""
    groups, group, count = [], [], 0
    for match in _CLAUSE.finditer(folded):
        quoted = match.group(2) is not None
        excluded = bool(match.group(1) if quoted else match.group(3))
        text = match.group(2) if quoted else match.group(4)
        if not quoted and not excluded and text == "or":
            if group:
                groups.append(group)
                group = []
            continue
        stems = french_stems(text)[:MAX_PHRASE]
        if stems and count < MAX_CLAUSES:
            group.append((excluded, stems))
            count += 1
    if group:
        groups.append(group)
    return groups


def _prefix_words(folded):
    """For a plain query, its words of three letters or more (to match as prefixes of
    stems, all required); none when the query uses operators."""
    if _OPERATORS.search(folded):
        return []
    return [word for word in _WORD.findall(folded) if len(word) >= 3][:MAX_PREFIX_WORDS]


def _fts_query(folded):
    """(the FTS5 expression of the fiches found, or None; the FTS5 expressions of the
    groups made of excluded clauses only, whose fiches are those NOT matching them)."""
    found, excluding = [], []
    for group in _clauses(folded):
        wanted = [_phrase(stems) for excluded, stems in group if not excluded]
        unwanted = [_phrase(stems) for excluded, stems in group if excluded]
        if not wanted:
            excluding.append(" OR ".join(unwanted))
            continue
        expression = " AND ".join(wanted)
        if unwanted:
            expression = f"({expression}) NOT ({' OR '.join(unwanted)})"
        found.append(f"({expression})")
    prefixes = _prefix_words(folded)
    if prefixes:
        found.append("(" + " AND ".join(f"{_phrase([word])}*" for word in prefixes) + ")")
    return (" OR ".join(found) or None), excluding


def _matching(expression):
    """The ids of the fiches whose FTS5 row matches `expression` (a subquery)."""
    return RawSQL(f'SELECT rowid FROM "{FTS_TABLE}" WHERE "{FTS_TABLE}" MATCH %s', (expression,))


class _Bm25(Func):
    """FTS5's bm25 of the fiche for `expression`, negated (higher is better), 0 when it
    does not match. The matches are ranked once (a materialised CTE, not once per row: 25
    ms instead of seconds for 8,000 matches), then each fiche looks its rank up."""

    output_field = FloatField()

    def __init__(self, expression):
        super().__init__(F("pk"))
        self.expression = expression

    def as_sql(self, compiler, connection, **extra_context):
        pk_sql, pk_params = compiler.compile(self.source_expressions[0])
        sql = (
            "COALESCE((WITH fts_rank AS MATERIALIZED ("
            f'SELECT rowid AS id, -bm25("{FTS_TABLE}", {TITLE_WEIGHT}, 1.0) AS score '
            f'FROM "{FTS_TABLE}" WHERE "{FTS_TABLE}" MATCH %s) '
            f"SELECT score FROM fts_rank WHERE fts_rank.id = {pk_sql}), 0.0)"
        )
        return sql, (self.expression, *pk_params)


def _no_rank():
    return Value(0.0, output_field=FloatField())


# The interface -------------------------------------------------------------------------


def _prefix_query(folded):
    """For a plain query, every word as a prefix of a stem (`word:*`), all required; None
    when the query uses operators or has no word. Only word characters reach the raw
    tsquery, so no input can make it malformed."""
    words = _prefix_words(folded)
    if not words:
        return None
    return SearchQuery(" & ".join(f"{word}:*" for word in words), config=CONFIG, search_type="raw")


def search_sheets(queryset, q, *, rank=False):
    """Filter a queryset of ActionSheet with the text `q`; an empty `q` filters nothing.

    With `rank=True`, the result carries a `search_rank` annotation (higher is more
    relevant; 0 for a fiche found by its code only) and the caller decides the ordering."""
    q = (q or "").strip()
    if not q:
        return queryset
    folded = fold(q)
    by_code = Q(code__iexact=q)
    if connection.vendor == "postgresql":
        query = SearchQuery(folded, config=CONFIG, search_type="websearch")
        prefix = _prefix_query(folded)
        if prefix is not None:
            query = query | prefix
        queryset = queryset.filter(Q(search_vector=query) | by_code)
        if rank:
            queryset = queryset.annotate(search_rank=SearchRank(F("search_vector"), query))
        return queryset
    found, excluding = _fts_query(folded)
    # The code as the index on UPPER(code) has it (iexact is a LIKE on SQLite, unindexed).
    condition = Q(Exact(Upper("code"), q.upper()))
    if found is not None:
        condition |= Q(pk__in=_matching(found))
    for expression in excluding:
        condition |= ~Q(pk__in=_matching(expression))
    queryset = queryset.filter(condition)
    if rank:
        queryset = queryset.annotate(search_rank=_Bm25(found) if found else _no_rank())
    return queryset


def search_any(queryset, prefixes, *, words=(), rank=False):
    """Filter a queryset of ActionSheet down to the fiches holding at least one of
    `prefixes` (folded word beginnings, letters and digits only) at the beginning of a
    stem, or one of `words` (folded; their stem). PostgreSQL: `word | prefix:*` terms
    joined by "or" on the stored vector; SQLite: `"stem" OR "prefix"*` on the FTS5 table
    (the whole word too, since the stemmer may cut the fiche's word shorter than the
    prefix: "batiments" is stemmed "bat"). Nothing to look for filters everything out.
    With `rank=True`, a `search_rank` annotation as in `search_sheets`."""
    prefixes = [prefix for prefix in prefixes if _WORD.fullmatch(prefix)]
    words = [word for word in words if _WORD.fullmatch(word)]
    if not prefixes and not words:
        return queryset.none()
    if connection.vendor == "postgresql":
        terms = [*words, *(f"{prefix}:*" for prefix in prefixes)]
        query = SearchQuery(" | ".join(terms), config=CONFIG, search_type="raw")
        queryset = queryset.filter(search_vector=query)
        if rank:
            queryset = queryset.annotate(search_rank=SearchRank(F("search_vector"), query))
        return queryset
    # A word's stem that begins with one of the prefixes is found by that prefix already.
    stems = {stem for word in words for stem in french_stems(word)}
    terms = [_phrase([stem]) for stem in sorted(stems) if not stem.startswith(tuple(prefixes))]
    terms += [f"{_phrase([prefix])}*" for prefix in prefixes]
    if not terms:
        return queryset.none()
    expression = " OR ".join(terms)
    queryset = queryset.filter(pk__in=_matching(expression))
    if rank:
        queryset = queryset.annotate(search_rank=_Bm25(expression))
    return queryset


def search_any_bounded(queryset, prefixes, *, words=(), per_term):
    """`search_any` with `rank=True`, on a bounded set of fiches whatever the words: the
    fiches holding every prefix (at most `per_term` of them), then, for each prefix (with
    the words it begins), at most `per_term` fiches holding it, the first stored (read
    it `through_the_index()`: the same at every call, and fast). A rare word
    brings all its fiches, a common one no more than `per_term`, so ranking costs the same
    for "commune" as for "mouillages" (ranking the thousands of fiches a common word
    matches took 150 ms at ×10). PostgreSQL: one query, each part stopped at its limit;
    elsewhere (SQLite, small data), `search_any` as it is (docs/decisions/0027)."""
    prefixes = [prefix for prefix in prefixes if _WORD.fullmatch(prefix)]
    words = [word for word in words if _WORD.fullmatch(word)]
    if connection.vendor != "postgresql" or not prefixes:
        return search_any(queryset, prefixes, words=words, rank=True)
    groups = [([word for word in words if word.startswith(prefix)], prefix) for prefix in prefixes]
    alone = [word for word in words if not any(word.startswith(p) for p in prefixes)]
    terms = [" | ".join([*same, f"{prefix}:*"]) for same, prefix in groups] + alone
    # The part holding every term reads the title's whole words where it has them: all the
    # words a prefix begins ("parc:*": parcours, parcelle…) cost ten times one word's own.
    every = [" | ".join(same) if same else f"{prefix}:*" for same, prefix in groups] + alone
    parts = [" & ".join(f"({term})" for term in every), *terms]
    pools = [
        queryset.filter(search_vector=SearchQuery(part, config=CONFIG, search_type="raw"))
        .order_by()
        .values("pk")[:per_term]
        for part in parts
    ]
    # Every fiche of the pool holds a term: ranked without being matched again (its vector
    # read once).
    query = SearchQuery(" | ".join(terms), config=CONFIG, search_type="raw")
    return queryset.filter(pk__in=pools[0].union(*pools[1:], all=True)).annotate(
        search_rank=SearchRank(F("search_vector"), query)
    )


@contextmanager
def through_the_index():
    """Within it, PostgreSQL reads the fiches of a search through their indexes, never by
    scanning the table (`enable_seqscan` off in a transaction, then reset), for
    `search_any_bounded`: its planner, which does not count reading each fiche's vector,
    scanned the table for a common word's part (20 ms at ×10 where the index takes 1 ms,
    and other fiches from one call to the next). Elsewhere, nothing."""
    if connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic(savepoint=False):
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
        yield
        with connection.cursor() as cursor:
            cursor.execute("RESET enable_seqscan")
