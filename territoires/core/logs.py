"""Logging helpers for the settings' LOGGING."""

import logging


class ClientErrorWithoutTraceback(logging.Filter):
    """Drop the traceback of a request refused with a 4xx (a page's PermissionDenied,
    say): it is an answer, not a fault. Server errors (5xx) keep theirs."""

    def filter(self, record):
        if getattr(record, "status_code", 500) < 500:
            record.exc_info = None
            record.exc_text = None
        return True
