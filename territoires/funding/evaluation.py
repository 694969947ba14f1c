"""How good the suggestions are, on a judgment file (fiche → the schemes relevant to it):
nDCG@k and precision@k of the project's ranking and of a plain keyword search, the
baseline a user has without the platform.

The judgment file is JSON: {"territory": "4403", "relevant": {"F2.1": [{"source_url":
...}, ...], "4412/F5": [...], ...}}; a fiche is named by its code in the file's territory,
or "territory/code"; schemes are named by their source address, so that the file holds
across imports. A fiche judged with no relevant scheme is reported but left out of the
means (neither measure has a meaning there).
"""

import json
import math
import re
from dataclasses import dataclass
from pathlib import Path

from django.db.models import Q

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
    code: str  # as the judgment file names the fiche
    title: str
    relevant: int
    project: tuple  # (ndcg, precision)
    baseline: tuple


def _fiche_keys(data):
    """(territory code, fiche code) of each key of the judgment file, in its order."""
    keys = {}
    for key in data["relevant"]:
        territory, _, code = key.rpartition("/")
        keys[key] = (territory or data["territory"], code)
    return keys


def evaluate(path, *, k=K, today=None):
    """One Row per judged fiche found in the database, in the file's order."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    keys = _fiche_keys(data)
    wanted = Q()
    for territory, code in keys.values():
        wanted |= Q(territory__code=territory, code=code)
    sheets = {
        (sheet.territory.code, sheet.code): sheet
        for sheet in ActionSheet.objects.alive()
        .filter(wanted)
        .select_related("territory__region", "axis", "lead_organisation")
        .prefetch_related("tags", "territory__departments")
        .order_by("territory__code", "sort_key")
    }
    schemes = list(Scheme.objects.open(today=today).order_by("name", "pk"))
    rows = []
    for key, items in data["relevant"].items():
        sheet = sheets.get(keys[key])
        if sheet is None:
            continue
        relevant = {item["source_url"] for item in items}
        ours = [s.scheme.source_url for s in suggest(sheet, limit=k, today=today)]
        theirs = keyword_ranking(sheet, schemes, k)
        rows.append(
            Row(
                key,
                sheet.title,
                len(relevant),
                (ndcg(ours, relevant, k), precision(ours, relevant, k)),
                (ndcg(theirs, relevant, k), precision(theirs, relevant, k)),
            )
        )
    return rows


def means(rows, which):
    """(mean nDCG, mean precision) over the fiches that have a relevant scheme."""
    pairs = [getattr(row, which) for row in rows if row.relevant]
    if not pairs:
        return (0.0, 0.0)
    return (sum(p[0] for p in pairs) / len(pairs), sum(p[1] for p in pairs) / len(pairs))
