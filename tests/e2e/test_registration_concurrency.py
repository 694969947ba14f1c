"""Never over-booked on SQLite either: parallel registrations through the public form of
the `make demo` server (gunicorn, two workers of four threads, one SQLite file) for the
demo's example workshop, its capacity set to leave 3 free seats (other browser tests may
have registered there already): three seats, the others on the waiting list, no server
error. (PostgreSQL: tests/meetings/test_registration_concurrency.py.)"""

import re
import sqlite3
import urllib.parse
import urllib.request

from .test_sqlite_concurrency import in_parallel

CAPACITY = 3
VISITORS = 8


def test_parallel_public_registrations_never_overbook(demo_server):
    [(meeting_id,)] = demo_server.query(
        "SELECT m.id FROM meetings_meeting m JOIN referential_territory t ON t.id ="
        " m.territory_id WHERE t.code = '4403' AND m.is_example AND m.status = 'planned'"
    )
    [(taken,)] = demo_server.query(
        "SELECT COUNT(*) FROM meetings_registration WHERE meeting_id = ? AND status = ?",
        (meeting_id, "registered"),
    )
    with sqlite3.connect(demo_server.database_path, timeout=20) as connection:
        connection.execute(
            "UPDATE meetings_meeting SET capacity = ? WHERE id = ?",
            (taken + CAPACITY, meeting_id),
        )
    url = f"{demo_server.url}/territoires/4403/rencontres/{meeting_id}/inscription/"
    with urllib.request.urlopen(url, timeout=30) as response:
        cookie = response.headers["Set-Cookie"].split(";", 1)[0]
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', response.read())
    headers = {
        "Cookie": cookie,
        "Content-Type": "application/x-www-form-urlencoded",
        "Referer": url,
    }
    requests = [
        urllib.request.Request(
            url,
            method="POST",
            headers=headers,
            data=urllib.parse.urlencode(
                {
                    "csrfmiddlewaretoken": token.group(1).decode(),
                    "first_name": "Claude",
                    "last_name": f"Parallèle{n}",
                    "email": f"parallele{n}@usine.example",
                    "organisation_name": "Usine",
                }
            ).encode(),
        )
        for n in range(VISITORS)
    ]

    answers = in_parallel(requests)

    assert [status for status, _ in answers] == [200] * VISITORS, [
        body[:300] for status, body in answers if status != 200
    ]
    rows = demo_server.query(
        "SELECT status, COUNT(*) FROM meetings_registration WHERE meeting_id = ?"
        " AND email LIKE 'parallele%' GROUP BY status ORDER BY status",
        (meeting_id,),
    )
    assert rows == [("registered", CAPACITY), ("waiting", VISITORS - CAPACITY)]
