"""How good the similar actions are (plans/similar.py), on a judgment file of our own
(`judgments/similar-actions.json`: a fiche → the fiches relevant to it, judged by reading
them): nDCG@5 and precision@5 of the similar actions and of a plain keyword search, the
baseline, over a corpus built for the measure.

The corpus is the demo's fiches (the 15 of 4403 and the published examples of 4412, as
`content.py` gives them) and the Fonds vert projects the file names by their dossier
number, read from the shared file by path, each published as a fiche of a territory of
its own. `evaluate()` writes the corpus, so call it inside a transaction that is rolled
back (the command and the tests do).
"""

import csv
import json
import re
from pathlib import Path

from territoires.core.text import fold
from territoires.funding.evaluation import Row, ndcg, precision
from territoires.plans.models import ActionSheet, Status
from territoires.plans.similar import STOP_WORDS, similar_sheets
from territoires.programmes.services import ensure_territoires_d_industrie
from territoires.referential.models import Region, Territory

from . import content
from .scale import sources
from .scale.sheets import AXIS_OF_SCHEME

K = 5
JUDGMENTS = Path(__file__).resolve().parent / "judgments" / "similar-actions.json"
PROJECT_KEY = "fv:"
_WORD = re.compile(r"[^\W_]+")


def _projects(data_dir, numbers):
    """The Fonds vert projects of `numbers`: dossier number → (title, scheme name)."""
    wanted = set(numbers)
    found = {}
    path = Path(data_dir) / sources.PROJECTS_FILE
    if not path.is_file():
        raise sources.MissingData(f"Fichier de données introuvable : {path}.")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle, delimiter=";"):
            number = row["numero_dossier_ds"].strip()
            if number in wanted:
                title = " ".join(row["nom_du_projet"].split())[:300]
                found[number] = (title, row["nom_demarche_ds"])
    missing = wanted - set(found)
    if missing:
        raise sources.MissingData(f"Dossiers absents de {path} : {', '.join(sorted(missing))}.")
    return found


def build_corpus(data, data_dir):
    """Write the corpus; return {key of the judgment file: fiche}."""
    programme = ensure_territoires_d_industrie()
    axes = {axis.code: axis for axis in programme.axes.all()}
    region, _ = Region.objects.get_or_create(code="44", defaults={"name": "Grand Est"})
    territories = {}

    def territory(code, name):
        if code not in territories:
            territories[code], _ = Territory.objects.get_or_create(
                programme=programme, code=code, defaults={"name": name, "region": region}
            )
        return territories[code]

    sheets = {}
    for code, axis, title, _presenter in content.SHEETS:
        place = territory(content.TERRITORY["code"], content.TERRITORY["name"])
        sheets[f"{place.code}/{code}"] = ActionSheet(
            territory=place, code=code, title=title, axis=axes[axis]
        )
    for code, axis, title, visibility, _story in content.EXAMPLE_SHEETS:
        if visibility == "public":
            place = territory(content.SECOND_TERRITORY["code"], content.SECOND_TERRITORY["name"])
            sheets[f"{place.code}/{code}"] = ActionSheet(
                territory=place, code=code, title=title, axis=axes[axis], is_example=True
            )
    for number, (title, scheme) in _projects(data_dir, data["corpus"]).items():
        place = territory(f"V{number}", f"Projet Fonds vert {number}")
        scheme = scheme.lower()
        axis = next((code for word, code in AXIS_OF_SCHEME if word in scheme), "innover")
        sheets[PROJECT_KEY + number] = ActionSheet(
            territory=place, code="F1", title=title, axis=axes[axis]
        )
    for sheet in sheets.values():
        sheet.visibility, sheet.status = "public", Status.VALIDATED
    ActionSheet.objects.filter(territory__in=territories.values()).delete()
    ActionSheet.objects.bulk_create(sheets.values())
    by_place = {(s.territory_id, s.code): s.pk for s in sheets.values()}
    fresh = ActionSheet.objects.filter(pk__in=by_place.values()).select_related("territory", "axis")
    fresh = {(s.territory_id, s.code): s for s in fresh.order_by("pk")}
    return {key: fresh[(s.territory.pk, s.code)] for key, s in sheets.items()}


def _words(text):
    return {w for w in _WORD.findall(fold(text)) if len(w) > 2 and w not in STOP_WORDS}


def keyword_ranking(sheet, corpus, k=K):
    """The baseline: the published fiches of other territories ranked by how many of the
    fiche's title words (case and accents ignored, frequent words dropped, no stemming)
    their title holds; ties in the corpus' order."""
    words = _words(sheet.title)
    scored = []
    for index, other in enumerate(corpus):
        if other.territory_id == sheet.territory_id:
            continue
        hits = len(words & _words(other.title))
        if hits:
            scored.append((-hits, index, other.pk))
    return [pk for *_, pk in sorted(scored)[:k]]


def evaluate(path=JUDGMENTS, *, data_dir=None, k=K):
    """One Row per judged fiche, in the file's order (writes the corpus: roll it back)."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    sheets = build_corpus(data, data_dir or sources.default_data_dir())
    corpus = list(sheets.values())
    rows = []
    for key, items in data["relevant"].items():
        sheet = sheets[key]
        relevant = {sheets[item].pk for item in items}
        ours = [other.pk for other in similar_sheets(sheet, limit=k)]
        theirs = keyword_ranking(sheet, corpus, k)
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
