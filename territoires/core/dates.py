"""Days and moments: the figures "as of" a day read everything recorded up to the end of
that day, in the site's time zone (Europe/Paris)."""

import datetime

from django.utils import timezone


def end_of_day(day):
    """The last moment of `day` (a date) in the current time zone, aware."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.max))
