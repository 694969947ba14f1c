"""Background tasks of the funding app, run by `manage.py db_worker`."""

from django_tasks import task

from .alerts import send_due_alerts


@task()
def send_scheme_alerts():
    """The periodic job of the catalogue's alerts; returns the number of emails sent."""
    return send_due_alerts()
