"""The capabilities of Mon espace (/mon-espace/…): the page itself, the validation queue,
following a fiche, the notification settings. Every fiche of the matrix is presented
(awaiting validation) before the snapshot (`presented_all`); the contributor's person
pilots all nine."""

from django.urls import reverse

from territoires.plans.models import ActionSheet, Status
from territoires.workspace.models import Follow, NotificationSettings

from .capability import ONE, Capability, titles_check
from .rules import (
    DONE,
    FORBIDDEN,
    HIDDEN,
    KINDS,
    LOGIN,
    NONE,
    OK,
    VALIDATES,
    page_visible,
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
]
