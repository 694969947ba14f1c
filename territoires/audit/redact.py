"""Personal data taken out of the audit log when a person's data is erased (issue 6 §3).

The log keeps every event (who did what, when) but not the erased person's name or
address: each text where one of the `needles` stands (case-insensitive), in the object's
label, the comment, and the raw values of `changes` and `data`, has it replaced. Events
are read in batches and only the changed ones are written back."""

import re

from .models import AuditEvent

ERASED = "[donnée effacée]"


def pattern_for(needles):
    """One case-insensitive pattern for the needles (the longest first); None when none is
    long enough to be a name."""
    words = sorted({n.strip() for n in needles if n and len(n.strip()) >= 3}, key=len)
    if not words:
        return None
    return re.compile("|".join(re.escape(w) for w in reversed(words)), re.IGNORECASE)


def scrub(value, pattern, replacement=ERASED):
    """`value` (text, list, dict, other) with every match of `pattern` replaced."""
    if isinstance(value, str):
        return pattern.sub(replacement, value)
    if isinstance(value, list):
        return [scrub(item, pattern, replacement) for item in value]
    if isinstance(value, dict):
        return {key: scrub(item, pattern, replacement) for key, item in value.items()}
    return value


def redact_events(queryset, needles, replacement=ERASED):
    """Remove `needles` from the events of `queryset`; return how many events changed."""
    pattern = pattern_for(needles)
    if pattern is None:
        return 0
    changed = 0
    for event in queryset.order_by("id").iterator(chunk_size=500):
        fields = {
            "object_label": scrub(event.object_label, pattern, replacement),
            "comment": scrub(event.comment, pattern, replacement),
            "changes": scrub(event.changes, pattern, replacement),
            "data": scrub(event.data, pattern, replacement),
        }
        if any(fields[name] != getattr(event, name) for name in fields):
            AuditEvent.objects.filter(pk=event.pk).update(**fields)
            changed += 1
    return changed


def needles_for(first_name, last_name, email, *, parts=False):
    """The ways a person's name and address appear in the texts of the platform: the
    address and the full name in its usual orders; with `parts`, the first and last names
    alone too (for the events about the person's own rows, whose values hold them apart)."""
    first, last = " ".join(first_name.split()), " ".join(last_name.split())
    forms = {email, f"{first} {last}", f"{last} {first}", f"{last.upper()} {first}"}
    if parts:
        forms |= {first, last}
    return [f for f in forms if f.strip()]
