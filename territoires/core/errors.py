"""Errors that every layer may raise and that the pages and the API turn into answers.

They know no domain: a domain raises them (or subclasses), `api/errors.py` maps them to
its JSON error format, and the pages show their French message.

- `ConflictError` (HTTP 409): the request conflicts with the object's current state;
  `details` goes to the API's error body as is.
- `StaleEditError` (409): an edit made on an older version; `current` is the object as
  it is now, so that the caller can show both versions.
- `RateLimitedError` (429): too many requests of one kind (`core.ratelimit`);
  `retry_after` is in seconds.
"""


class ConflictError(Exception):
    """The request conflicts with the current state of the object. The message is French
    and shown as is."""

    def __init__(self, message, details=None):
        self.message = message
        self.details = details or {}
        super().__init__(message)


class StaleEditError(ConflictError):
    """Somebody saved a newer version in between: nothing was written."""

    def __init__(self, current, message=None):
        self.current = current
        describe = getattr(current, "stale_edit_message", None)
        if message is None and callable(describe):
            message = describe()
        super().__init__(
            message
            or (
                f"Une version plus récente (version {current.version}) a été enregistrée "
                "entre-temps. Vos modifications n'ont pas été enregistrées : comparez-les avec "
                "la version actuelle avant de les reprendre."
            ),
            {"current_version": current.version, "id": current.pk},
        )


class RateLimitedError(Exception):
    """Too many requests of one kind in a while: nothing was done. French message."""

    def __init__(self, message, retry_after=None):
        self.message = message
        self.retry_after = retry_after
        super().__init__(message)
