"""Never over-booked: parallel registrations for the last seats, each request in its own
thread and database connection, all released at once (a barrier). The meeting's row lock
(PostgreSQL) or the IMMEDIATE transactions (SQLite, decision 0008) serialise the count of
seats taken: exactly `capacity` seats, the others on the waiting list."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from territoires.meetings.models import Registration

from ..factories import MeetingFactory, TerritoryFactory

CAPACITY = 3
VISITORS = 8


@pytest.mark.django_db(transaction=True)
def test_parallel_registrations_never_overbook():
    if connection.vendor == "sqlite" and connection.settings_dict["NAME"].startswith(
        "file:memorydb"
    ):
        pytest.skip("in-memory SQLite: the SQLite case runs against the demo server (e2e)")
    meeting = MeetingFactory(territory=TerritoryFactory(code="4403"), capacity=CAPACITY)
    url = reverse("meetings:register", args=["4403", meeting.pk])
    barrier = threading.Barrier(VISITORS)

    def visit(n):
        try:
            client = Client()
            barrier.wait()
            return client.post(
                url,
                {
                    "first_name": "Claude",
                    "last_name": f"Parallèle{n}",
                    "email": f"parallele{n}@usine.example",
                    "organisation_name": "Usine",
                },
            ).status_code
        finally:
            connections.close_all()

    with ThreadPoolExecutor(VISITORS) as pool:
        statuses = list(pool.map(visit, range(VISITORS)))

    assert statuses == [200] * VISITORS
    counts = {
        status: Registration.objects.filter(meeting=meeting, status=status).count()
        for status in ("registered", "waiting")
    }
    assert counts == {"registered": CAPACITY, "waiting": VISITORS - CAPACITY}
