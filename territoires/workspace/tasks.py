"""Background tasks of the workspace, run by `manage.py db_worker`."""

from django_tasks import task

from .digests import frequencies, send_digest, send_due_digests
from .models import DigestFrequency


@task()
def send_digest_task(user_id):
    """One person's notifications by email, once (see digests.send_digest)."""
    return send_digest(user_id)


@task()
def send_digests():
    """The periodic job of the digests; returns the number of emails sent."""
    return send_due_digests()


def send_immediately(user_ids):
    """Queue a digest for each of these users who chose to be told immediately (called
    once the write that notified them is committed)."""
    for pk, frequency in sorted(frequencies(user_ids).items()):
        if frequency == DigestFrequency.IMMEDIATE:
            send_digest_task.enqueue(pk)
