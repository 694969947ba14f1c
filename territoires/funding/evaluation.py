"""How good the suggestions are, on a judgment file (fiche → the schemes relevant to it):
nDCG@k and precision@k of the project's ranking and of a plain keyword search, the
baseline a user has without the platform.

The judgment file is JSON: {"territory": "4403", "relevant": {"F2.1": [{"source_url":
...}, ...], ...}}; schemes are named by their source address, so that the file holds
across imports.
"""

import json
import math
import re
from dataclasses import dataclass
from pathlib import Path

from territoires.core.text import fold
from territoires.plans.models import ActionSheet

from .models import Scheme
from .suggestions import suggest
from .text import STOP_WORDS

K = 5


def ndcg(ranked, relevant, k=K):
    """Normalised discounted cumulative gain of a ranking (binary relevance)."""
    gain = sum(1 / math.log2(rank + 2) for rank, item in enumerate(ranked[:k]) if item in relevant)
    ideal = sum(1 / math.log2(rank + 2) for rank in range(min(len(relevant), k)))
    return gain / ideal if ideal else 0.0


def precision(ranked, relevant, k=K):
    return sum(1 for item in ranked[:k] if item in relevant) / k


def keyword_ranking(sheet, schemes, k=K):
    """The baseline: the open schemes ranked by how many of the fiche's title words
    (case and accents ignored, stop words dropped, no stemming) their name and
    description contain; ties by name."""
    words = [w for w in re.findall(r"\w+", fold(sheet.title)) if len(w) > 2 and w not in STOP_WORDS]
    scored = []
    for scheme in schemes:
        haystack = fold(f"{scheme.name} {scheme.description}")
        hits = sum(1 for word in words if re.search(rf"\b{re.escape(word)}\b", haystack))
        if hits:
            scored.append((-hits, scheme.name, scheme.pk, scheme.source_url))
    return [url for *_, url in sorted(scored)[:k]]


@dataclass
class Row:
    code: str
    title: str
    relevant: int
    project: tuple  # (ndcg, precision)
    baseline: tuple


def evaluate(path, *, k=K, today=None):
    """One Row per judged fiche found in the database, and the means (project, baseline)."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    sheets = {
        sheet.code: sheet
        for sheet in ActionSheet.objects.alive()
        .filter(territory__code=data["territory"], code__in=list(data["relevant"]))
        .select_related("territory__region", "axis", "lead_organisation")
        .prefetch_related("tags", "territory__departments")
        .order_by("sort_key")
    }
    schemes = list(Scheme.objects.open(today=today).order_by("name", "pk"))
    rows = []
    for code, items in data["relevant"].items():
        sheet = sheets.get(code)
        if sheet is None:
            continue
        relevant = {item["source_url"] for item in items}
        ours = [s.scheme.source_url for s in suggest(sheet, limit=k, today=today)]
        theirs = keyword_ranking(sheet, schemes, k)
        rows.append(
            Row(
                code,
                sheet.title,
                len(relevant),
                (ndcg(ours, relevant, k), precision(ours, relevant, k)),
                (ndcg(theirs, relevant, k), precision(theirs, relevant, k)),
            )
        )
    return rows


def means(rows, which):
    if not rows:
        return (0.0, 0.0)
    pairs = [getattr(row, which) for row in rows]
    return (sum(p[0] for p in pairs) / len(pairs), sum(p[1] for p in pairs) / len(pairs))
