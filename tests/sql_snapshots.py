"""SQL snapshot tests: every query a request runs, normalised, with its origin (the
first frame inside `territoires/`, as file:function), compared with a stored snapshot per
test and per database vendor (`snapshots/<module>/<test>.<vendor>.sql` beside the test).

    def test_the_home_page_queries(sql_snapshot, client):
        with sql_snapshot():
            client.get("/")

`pytest --snapshot-update` writes the snapshots instead of comparing: review the diff
like code. A failing comparison shows a unified diff whose lines name each query's
origin, so it says which code added or changed a query.
"""

import difflib
import re
import traceback
from contextlib import contextmanager
from pathlib import Path

from django.db import connection

ROOT = Path(__file__).resolve().parent.parent
CODE = str(ROOT / "territoires")

_SAVEPOINT = re.compile(r'"?s\d+_x\d+"?')
_STRING = re.compile(r"'(?:[^']|'')*'")
_NUMBER = re.compile(r"(?<![\w\"])-?\d+(?:\.\d+)?(?![\w\"])")
_IN_LIST = re.compile(r"\bIN \((?:\s*(?:%s|#)\s*,)*\s*(?:%s|#)\s*\)")
_SPACES = re.compile(r"\s+")


def normalise(sql):
    """The query without what varies from run to run: literals, numbers, the length of
    IN lists, savepoint names, whitespace."""
    sql = _SAVEPOINT.sub("s_x", sql)
    sql = _STRING.sub("'…'", sql)
    sql = _NUMBER.sub("#", sql)
    sql = _IN_LIST.sub("IN (…)", sql)
    return _SPACES.sub(" ", sql).strip()


def origin():
    """The innermost frame of our code that issued the query: "pages/home/views.py:index"."""
    for frame in reversed(traceback.extract_stack()):
        if frame.filename.startswith(CODE) and "/migrations/" not in frame.filename:
            return f"{frame.filename.removeprefix(CODE + '/')}:{frame.name}"
    return "(hors du code de la plateforme)"


class Recorder:
    def __init__(self):
        self.queries = []

    def __call__(self, execute, sql, params, many, context):
        self.queries.append((origin(), normalise(sql)))
        return execute(sql, params, many, context)

    def text(self):
        return "".join(f"-- {where}\n{sql}\n\n" for where, sql in self.queries)


def snapshot_path(request):
    test_file = Path(request.node.path)
    name = re.sub(r"[^\w.-]+", "_", request.node.name)
    return test_file.parent / "snapshots" / test_file.stem / f"{name}.{connection.vendor}.sql"


def make_fixture(request, update):
    @contextmanager
    def capture():
        recorder = Recorder()
        with connection.execute_wrapper(recorder):
            yield recorder
        path = snapshot_path(request)
        text = recorder.text()
        if update or not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text)
            if not update:
                raise AssertionError(
                    f"Instantané SQL créé : {path.relative_to(ROOT)} (relisez-le, puis "
                    "relancez le test)."
                )
            return
        expected = path.read_text()
        if text != expected:
            diff = "".join(
                difflib.unified_diff(
                    expected.splitlines(keepends=True),
                    text.splitlines(keepends=True),
                    fromfile=f"{path.relative_to(ROOT)} (attendu)",
                    tofile="requête actuelle",
                )
            )
            raise AssertionError(
                "Les requêtes SQL ont changé (pytest --snapshot-update pour accepter) :\n" + diff
            )

    return capture
