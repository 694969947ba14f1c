"""The capabilities of Mon espace (/mon-espace/…): the page itself and its recent changes,
the validation queue, following a fiche, the notification settings, marking a
notification read. Every fiche of the matrix is presented (awaiting validation) before
the snapshot (`presented_all`); the contributor's person pilots all nine."""

from django.urls import reverse

from territoires.audit.log import record
from territoires.audit.models import AuditEvent
from territoires.organisations.models import Contact
from territoires.plans.models import ActionSheet, Status
from territoires.workspace.models import (
    Follow,
    Notification,
    NotificationKind,
    NotificationSettings,
)

from .capability import ONE, Capability, titles_check
from .contacts import prepare_contacts
from .rules import (
    DELETED,
    DONE,
    FORBIDDEN,
    HIDDEN,
    KINDS,
    LABELS,
    LOGIN,
    MANAGES_CONTACTS,
    MANAGES_PLAN,
    NONE,
    OK,
    OWN,
    PUBLIC,
    READS_RESTRICTED,
    RESTRICTED,
    TARGETS,
    VALIDATES,
    page_visible,
    title,
    visible_titles,
)


def presented_all(world, target, kind):
    ActionSheet.objects.filter(pk__in=[s.pk for s in world.sheets.values()]).update(
        status=Status.PRESENTED
    )


def _signed_in(actor, target, kind):
    return FORBIDDEN if actor == "anonymous" else OK


def _my_space_titles(actor, target):
    """The fiches the contributor pilots (those they see), and the fiches awaiting the
    validation of whoever validates in the territory."""
    titles = set()
    if actor == "contributor":
        titles |= visible_titles(actor, target)
    if target in VALIDATES[actor]:
        titles |= visible_titles(actor, target)
    return titles


def changes_everywhere(world, target, kind):
    """An event on every fiche of the matrix (deleted ones included) and on each territory's
    company contact, once; every fiche presented as for `my_space`."""
    presented_all(world, target, kind)
    if AuditEvent.objects.filter(verb="sheet.updated").exists():
        return
    for sheet in world.sheets.values():
        record("sheet.updated", sheet, acting_user=None, territory=sheet.territory_id)
    prepare_contacts(world, target, kind)
    for contact in Contact.objects.select_related("person").order_by("pk"):
        record("contacts.updated", contact, acting_user=None, territory=contact.territory_id)


def contact_name(target):
    return f"Camille Entreprise {LABELS[target]}"


def _changes_check(body, actor, target, kind):
    """The recent changes name the fiches of the territories the actor reads (the deleted
    one for those who manage its bin), and the company contacts to those who manage them."""
    problems = []
    for t in TARGETS:
        wanted = set(_my_space_titles(actor, t))
        if t in READS_RESTRICTED[actor]:
            wanted |= {title(t, PUBLIC), title(t, RESTRICTED)}
            if t in MANAGES_PLAN[actor]:
                wanted.add(title(t, DELETED))
        for k in KINDS:
            if (title(t, k) in wanted) != (title(t, k) in body):
                problems.append(
                    f"{'missing' if title(t, k) in wanted else 'shows'} {title(t, k)!r}"
                )
        shown = contact_name(t) in body
        if shown != (t in MANAGES_CONTACTS[actor] and t in READS_RESTRICTED[actor]):
            problems.append(f"{'shows' if shown else 'missing'} {contact_name(t)!r}")
    return problems


def notify_everyone(world, target, kind):
    """A notification of the actor's and one of another person's, on the public fiche of
    the actor's territory."""
    sheet = world.sheets[OWN, PUBLIC]
    event = record("sheet.updated", sheet, acting_user=None, territory=sheet.territory_id)
    for user in (world.user(world.actor), world.newcomer()):
        if user is not None:
            Notification.objects.create(
                recipient=user, event=event, sheet=sheet, kind=NotificationKind.STATUS_CHANGED
            )


def _notification_url(world, whose):
    mine = world.user(world.actor)
    notifications = Notification.objects.order_by("-pk")
    if whose == "own" and mine is not None:
        notifications = notifications.filter(recipient=mine)
    else:
        notifications = notifications.filter(recipient=world.newcomer())
    return reverse("workspace:mark_read", args=[notifications.first().pk])


def _read(world, target, kind):
    return not Notification.objects.filter(
        recipient=world.user(world.actor), read_at__isnull=True
    ).exists()


def _queue(actor, target, kind):
    if VALIDATES[actor] == NONE:
        return FORBIDDEN
    return OK


def _queue_titles(actor, target):
    return visible_titles(actor, target) if target in VALIDATES[actor] else set()


def _follow(actor, target, kind):
    if actor == "anonymous":
        return LOGIN
    return DONE if page_visible(actor, target, kind) else HIDDEN


def _followed(world, target, kind):
    return Follow.objects.filter(
        user=world.user(world.actor), sheet=world.sheets[target, kind]
    ).exists()


def _follow_url(name, world, target, kind):
    sheet = world.sheets[target, kind]
    return reverse(f"workspace:{name}", args=[world.territory(target).code, sheet.code])


WORKSPACE_PAGES = [
    Capability(
        "my_space",
        lambda c, w, t, k: c.get(reverse("workspace:index")),
        _signed_in,
        targets=ONE,
        prepare=presented_all,
        check=titles_check(_my_space_titles),
    ),
    Capability(
        "my_space_recent_changes",
        lambda c, w, t, k: c.get(reverse("workspace:index")),
        _signed_in,
        targets=ONE,
        prepare=changes_everywhere,
        check=_changes_check,
    ),
    Capability(
        "validation_queue",
        lambda c, w, t, k: c.get(reverse("workspace:queue")),
        _queue,
        targets=ONE,
        prepare=presented_all,
        check=titles_check(_queue_titles),
    ),
    Capability(
        "follow",
        lambda c, w, t, k: c.post(_follow_url("follow", w, t, k)),
        _follow,
        kinds=KINDS,
        happened=_followed,
    ),
    Capability(
        "unfollow",
        lambda c, w, t, k: c.post(_follow_url("unfollow", w, t, k)),
        _follow,
        kinds=KINDS,
        happened=lambda w, t, k: not _followed(w, t, k),
    ),
    Capability(
        "notification_settings",
        lambda c, w, t, k: c.post(reverse("workspace:settings"), {"frequency": "weekly"}),
        lambda a, t, k: FORBIDDEN if a == "anonymous" else DONE,
        targets=ONE,
        happened=lambda w, t, k: NotificationSettings.objects.filter(
            user=w.user(w.actor), frequency="weekly"
        ).exists(),
    ),
    Capability(
        "mark_all_read",
        lambda c, w, t, k: c.post(reverse("workspace:mark_all_read")),
        lambda a, t, k: FORBIDDEN if a == "anonymous" else DONE,
        targets=ONE,
        happened=lambda w, t, k: True,
    ),
    Capability(
        "mark_read",
        lambda c, w, t, k: c.post(_notification_url(w, "own")),
        lambda a, t, k: FORBIDDEN if a == "anonymous" else DONE,
        targets=ONE,
        prepare=notify_everyone,
        happened=_read,
    ),
    Capability(
        "mark_read_of_another",
        lambda c, w, t, k: c.post(_notification_url(w, "stranger")),
        lambda a, t, k: FORBIDDEN if a == "anonymous" else HIDDEN,
        targets=ONE,
        prepare=notify_everyone,
    ),
]
