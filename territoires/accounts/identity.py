"""An account's identity is its email address, compared without regard to letter case.

One function, `normalize_email`, turns what a person types into the stored form: Unicode
NFKC (a full-width "Ａ" is an "A"), surrounding spaces removed, lower case. Every door
that takes an address uses it: the user manager and `User.save()`, the login form and the
authentication backend, django-axes' lock-out (`axes_username`, set as
`AXES_USERNAME_CALLABLE`), password reset and invitations. The database holds the rule
too: a unique constraint on `Lower(email)` (decision 0009).

`str.lower()` rather than `str.casefold()`: it is what the database's `LOWER()` does, so
the constraint and the code agree, and casefold would turn "ß" into "ss" and merge two
mailboxes that a mail server keeps apart.
"""

import unicodedata

from django.conf import settings


def normalize_email(value) -> str:
    """The stored form of an email address: NFKC, stripped, lower case ("" for None)."""
    if not value:
        return ""
    return unicodedata.normalize("NFKC", str(value)).strip().lower()


def axes_username(request, credentials=None) -> str:
    """The identifier django-axes counts failures against (AXES_USERNAME_CALLABLE).

    Without it, `Region@…` and `region@…` were two identities with their own attempts, and
    the right password in a third case logged in while the address was locked."""
    field = settings.AXES_USERNAME_FORM_FIELD
    if credentials:
        raw = credentials.get(field)
    else:
        data = getattr(request, "data", None) or getattr(request, "POST", {})
        raw = data.get(field)
    return normalize_email(raw)
