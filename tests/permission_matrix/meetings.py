"""The capabilities of the meeting pages: the territory's list and feed, a meeting's page
and .ics, the forms and the status. Kinds: a public and a territory ("restricted")
meeting in each territory (`World.meeting`), each with one registrant."""

from datetime import date

from django.urls import reverse

from territoires.meetings.models import (
    AgendaItem,
    FollowUp,
    Meeting,
    MeetingStatus,
    PresentedSheet,
    Registration,
    SheetFeedback,
)

from .capability import Capability, always_ok
from .rules import (
    CREATED,
    DONE,
    FORBIDDEN,
    HIDDEN,
    MANAGES_MEETINGS,
    MANAGES_PLAN,
    OK,
    PUBLIC,
    READS_RESTRICTED,
    RESTRICTED,
    TARGETS,
    UNAUTHORIZED,
    WRITTEN,
    api_visible,
    meeting_title,
    registrant_email,
)

MEETING_KINDS = (PUBLIC, RESTRICTED)


def prepare_meetings(world, target, kind):
    world.meeting(target, PUBLIC)


def _url(name, world, target, kind=None):
    args = [world.territory(target).code]
    if kind is not None:
        args.append(world.meeting(target, kind).pk)
    return reverse(f"meetings:{name}", args=args)


def meeting_visible(actor, target, kind):
    return kind == PUBLIC or target in READS_RESTRICTED[actor]


def _seen(success):
    def expect(actor, target, kind):
        return success if meeting_visible(actor, target, kind) else HIDDEN

    return expect


def _managed(success):
    def expect(actor, target, kind):
        if not meeting_visible(actor, target, kind):
            return HIDDEN
        return success if target in MANAGES_MEETINGS[actor] else FORBIDDEN

    return expect


def _create(actor, target, kind):
    return OK if target in MANAGES_MEETINGS[actor] else FORBIDDEN


def _titles_check(body, actor, target, kind):
    """The list and the feed show the territory's meetings the actor may see, only."""
    problems = []
    for t in TARGETS if target is None else (target,):
        for k in MEETING_KINDS:
            wanted = t == target and meeting_visible(actor, t, k)
            if (meeting_title(t, k) in body) != wanted:
                problems.append(
                    f"meeting {meeting_title(t, k)!r} {'missing' if wanted else 'shown'}"
                )
    return problems


def _page_check(body, actor, target, kind):
    """The registrants for the territory's readers, the edit link for its managers."""
    problems = []
    shows_email = registrant_email(target, kind) in body
    if shows_email != (target in READS_RESTRICTED[actor]):
        problems.append(f"registrant {'shown' if shows_email else 'missing'}")
    manages = target in MANAGES_MEETINGS[actor]
    if ("Changer le statut" in body) != manages:
        problems.append(f"status form {'missing' if manages else 'shown'}")
    return problems


def _edit_data(meeting, **changes):
    return {
        "kind": meeting.kind,
        "title": meeting.title,
        "date": meeting.date.isoformat(),
        "start_time": "18:00",
        "end_time": "20:00",
        "venue_name": meeting.venue_name,
        "venue_address": meeting.venue_address,
        "visibility": meeting.visibility,
        "capacity": "",
        "invitation_text": "",
        "version": meeting.version,
        **changes,
    }


def _edit_post(client, world, target, kind):
    meeting = world.meeting(target, kind)
    return client.post(_url("edit", world, target, kind), _edit_data(meeting, capacity="12"))


def _create_post(client, world, target, kind):
    data = _edit_data(world.meeting(target, PUBLIC), title="Atelier nouveau")
    data.pop("version")
    return client.post(_url("create", world, target), data)


def _status_post(client, world, target, kind):
    return client.post(_url("status", world, target, kind), {"target": "held", "version": 1})


def prepare_oubli(world, target, kind):
    """An oubli in the feedback on the territory's public fiche, presented at the meeting."""
    prepare_meetings(world, target, kind)
    meeting = world.meeting(target, kind)
    sheet = world.sheet(target, PUBLIC)
    item = AgendaItem.objects.create(meeting=meeting, title="Fiches")
    PresentedSheet.objects.create(item=item, sheet=sheet)
    SheetFeedback.objects.create(
        meeting=meeting,
        sheet=sheet,
        first_name="Alix",
        last_name="Oubli",
        email="alix@oubli.example",
        organisation_name="Atelier",
        interest="interested",
        forgotten_topic="Une crèche",
    )


def _oubli_url(name, world, target, kind):
    meeting = world.meeting(target, kind)
    item = SheetFeedback.objects.get(meeting=meeting)
    return reverse(f"meetings:{name}", args=[world.territory(target).code, meeting.pk, item.pk])


def _oubli_expect(actor, target, kind):
    if not meeting_visible(actor, target, kind):
        return HIDDEN
    return DONE if target in MANAGES_PLAN[actor] else FORBIDDEN


def _report_expect(actor, target, kind):
    if not meeting_visible(actor, target, kind):
        return HIDDEN
    return OK if target in READS_RESTRICTED[actor] else FORBIDDEN


def prepare_agenda(world, target, kind):
    """Two agenda items, "Premier" then "Second", in the meeting."""
    meeting = world.meeting(target, kind)
    if not meeting.agenda_items.exists():
        AgendaItem.objects.create(meeting=meeting, title="Premier", position=0)
        AgendaItem.objects.create(meeting=meeting, title="Second", position=1)


def _agenda_item_url(name, world, target, kind, title="Second"):
    meeting = world.meeting(target, kind)
    item = meeting.agenda_items.get(title=title)
    return reverse(f"meetings:{name}", args=[world.territory(target).code, meeting.pk, item.pk])


def _agenda_form(world, target, kind, title):
    return {
        "title": title,
        "version": world.meeting(target, kind).version,
        "fiches-TOTAL_FORMS": "0",
        "fiches-INITIAL_FORMS": "0",
    }


def _agenda_titles(world, target, kind):
    items = world.meeting(target, kind).agenda_items.order_by("position", "id")
    return list(items.values_list("title", flat=True))


def prepare_follow_up(world, target, kind):
    """One follow-up, "Relancer les entreprises", owned by the territory's directory person."""
    meeting = world.meeting(target, kind)
    if not meeting.follow_ups.exists():
        FollowUp.objects.create(
            meeting=meeting,
            kind="decision",
            text="Relancer les entreprises",
            owner_id=world.directory(target).person,
            due_date=date(2019, 10, 1),
        )


def _follow_up_url(name, world, target, kind):
    meeting = world.meeting(target, kind)
    item = meeting.follow_ups.get()
    return reverse(f"meetings:{name}", args=[world.territory(target).code, meeting.pk, item.pk])


def _follow_up_form(world, target, kind, text):
    return {
        "kind": "next_date",
        "text": text,
        "owner": world.directory(target).person,
        "due_date": "2019-11-05",
        "version": world.meeting(target, kind).version,
    }


def _follow_up_texts(world, target, kind):
    items = world.meeting(target, kind).follow_ups.order_by("due_date", "id")
    return list(items.values_list("text", "status"))


def _register_post(client, world, target, kind):
    data = {
        "first_name": "Nouvelle",
        "last_name": "Inscrite",
        "email": "nouvelle.inscrite@usine.example",
        "organisation_name": "Usine",
    }
    return client.post(_url("register", world, target, kind), data)


MEETING_PAGES = [
    Capability(
        "meetings_list",
        lambda c, w, t, k: c.get(_url("list", w, t)),
        always_ok,
        prepare=prepare_meetings,
        check=_titles_check,
    ),
    Capability(
        "meetings_feed",
        lambda c, w, t, k: c.get(_url("feed", w, t)),
        always_ok,
        prepare=prepare_meetings,
        check=_titles_check,
    ),
    Capability(
        "meeting_page",
        lambda c, w, t, k: c.get(_url("detail", w, t, k)),
        _seen(OK),
        kinds=MEETING_KINDS,
        prepare=prepare_meetings,
        check=_page_check,
    ),
    Capability(
        "meeting_ics",
        lambda c, w, t, k: c.get(_url("ics", w, t, k)),
        _seen(OK),
        kinds=MEETING_KINDS,
        prepare=prepare_meetings,
        check=lambda body, a, t, k: [] if meeting_title(t, k) in body else ["title missing"],
    ),
    Capability(
        "meeting_create_page",
        lambda c, w, t, k: c.get(_url("create", w, t)),
        _create,
        prepare=prepare_meetings,
    ),
    Capability(
        "meeting_create",
        _create_post,
        lambda a, t, k: DONE if t in MANAGES_MEETINGS[a] else FORBIDDEN,
        prepare=prepare_meetings,
        happened=lambda w, t, k: Meeting.objects.filter(
            territory=w.territory(t), title="Atelier nouveau"
        ).exists(),
    ),
    Capability(
        "meeting_edit_page",
        lambda c, w, t, k: c.get(_url("edit", w, t, k)),
        _managed(OK),
        kinds=MEETING_KINDS,
        prepare=prepare_meetings,
    ),
    Capability(
        "meeting_edit",
        _edit_post,
        _managed(DONE),
        kinds=MEETING_KINDS,
        prepare=prepare_meetings,
        happened=lambda w, t, k: w.meeting(t, k).capacity == 12,
    ),
    Capability(
        "meeting_status",
        _status_post,
        _managed(DONE),
        kinds=MEETING_KINDS,
        prepare=prepare_meetings,
        happened=lambda w, t, k: w.meeting(t, k).status == MeetingStatus.HELD,
    ),
    Capability(
        "meeting_register_page",
        lambda c, w, t, k: c.get(_url("register", w, t, k)),
        _seen(OK),
        kinds=MEETING_KINDS,
        prepare=prepare_meetings,
        check=lambda body, a, t, k: [] if "M’inscrire" in body else ["form missing"],
    ),
    Capability(
        "meeting_register",
        _register_post,
        _seen(WRITTEN),
        kinds=MEETING_KINDS,
        prepare=prepare_meetings,
        happened=lambda w, t, k: Registration.objects.filter(
            meeting=w.meeting(t, k), email="nouvelle.inscrite@usine.example"
        ).exists(),
    ),
    Capability(
        "meeting_checkin_page",
        lambda c, w, t, k: c.get(_url("checkin", w, t, k)),
        _managed(OK),
        kinds=MEETING_KINDS,
        prepare=prepare_meetings,
        check=lambda body, a, t, k: [] if registrant_email(t, k) not in body else ["email shown"],
    ),
    Capability(
        "meeting_sign_in_sheet",
        lambda c, w, t, k: c.get(_url("sign_in_sheet", w, t, k)),
        _managed(OK),
        kinds=MEETING_KINDS,
        prepare=prepare_meetings,
    ),
    Capability(
        "meeting_checkin_mark",
        lambda c, w, t, k: c.post(
            reverse(
                "meetings:checkin_mark",
                args=[
                    w.territory(t).code,
                    w.meeting(t, k).pk,
                    w.meeting(t, k).registrations.get().pk,
                ],
            )
        ),
        _managed(DONE),
        kinds=MEETING_KINDS,
        prepare=prepare_meetings,
        happened=lambda w, t, k: w.meeting(t, k).registrations.get().status == "attended",
    ),
    Capability(
        "meeting_walk_in",
        lambda c, w, t, k: c.post(
            _url("checkin", w, t, k), {"first_name": "Venu", "last_name": "Surplace"}
        ),
        _managed(DONE),
        kinds=MEETING_KINDS,
        prepare=prepare_meetings,
        happened=lambda w, t, k: (
            w.meeting(t, k).registrations.filter(last_name="Surplace", is_walk_in=True).exists()
        ),
    ),
    Capability(
        "meeting_qr_codes",
        lambda c, w, t, k: c.get(_url("qr_codes", w, t, k)),
        _managed(OK),
        kinds=MEETING_KINDS,
        prepare=prepare_meetings,
    ),
    Capability(
        "meeting_oubli_draft",
        lambda c, w, t, k: c.post(
            _oubli_url("oubli_draft", w, t, k),
            {"axis": "attirer", "code": "F99" if k == PUBLIC else "F98"},
        ),
        _oubli_expect,
        kinds=MEETING_KINDS,
        prepare=prepare_oubli,
        happened=lambda w, t, k: (
            SheetFeedback.objects.get(meeting=w.meeting(t, k)).topic_status == "drafted"
        ),
    ),
    Capability(
        "meeting_report",
        lambda c, w, t, k: c.get(_url("report", w, t, k)),
        _report_expect,
        kinds=MEETING_KINDS,
        prepare=prepare_meetings,
    ),
    Capability(
        "meeting_agenda_page",
        lambda c, w, t, k: c.get(_url("agenda", w, t, k)),
        _managed(OK),
        kinds=MEETING_KINDS,
        prepare=prepare_agenda,
        check=lambda body, a, t, k: [] if "Second" in body else ["items missing"],
    ),
    Capability(
        "meeting_agenda_add",
        lambda c, w, t, k: c.post(
            _url("agenda_add", w, t, k), _agenda_form(w, t, k, "Point ajouté")
        ),
        _managed(DONE),
        kinds=MEETING_KINDS,
        prepare=prepare_agenda,
        happened=lambda w, t, k: _agenda_titles(w, t, k)[-1] == "Point ajouté",
    ),
    Capability(
        "meeting_agenda_item",
        lambda c, w, t, k: c.post(
            _agenda_item_url("agenda_item", w, t, k), _agenda_form(w, t, k, "Second modifié")
        ),
        _managed(DONE),
        kinds=MEETING_KINDS,
        prepare=prepare_agenda,
        happened=lambda w, t, k: "Second modifié" in _agenda_titles(w, t, k),
    ),
    Capability(
        "meeting_agenda_move",
        lambda c, w, t, k: c.post(
            _agenda_item_url("agenda_move", w, t, k),
            {"direction": "up", "version": w.meeting(t, k).version},
        ),
        _managed(DONE),
        kinds=MEETING_KINDS,
        prepare=prepare_agenda,
        happened=lambda w, t, k: _agenda_titles(w, t, k) == ["Second", "Premier"],
    ),
    Capability(
        "meeting_agenda_remove",
        lambda c, w, t, k: c.post(
            _agenda_item_url("agenda_remove", w, t, k), {"version": w.meeting(t, k).version}
        ),
        _managed(DONE),
        kinds=MEETING_KINDS,
        prepare=prepare_agenda,
        happened=lambda w, t, k: _agenda_titles(w, t, k) == ["Premier"],
    ),
    Capability(
        "meeting_follow_ups_page",
        lambda c, w, t, k: c.get(_url("follow_ups", w, t, k)),
        _managed(OK),
        kinds=MEETING_KINDS,
        prepare=prepare_follow_up,
        check=lambda body, a, t, k: [] if "Relancer les entreprises" in body else ["missing"],
    ),
    Capability(
        "meeting_follow_up_add",
        lambda c, w, t, k: c.post(
            _url("follow_ups", w, t, k), _follow_up_form(w, t, k, "Comité de suivi")
        ),
        _managed(DONE),
        kinds=MEETING_KINDS,
        prepare=prepare_follow_up,
        happened=lambda w, t, k: ("Comité de suivi", "open") in _follow_up_texts(w, t, k),
    ),
    Capability(
        "meeting_follow_up_edit",
        lambda c, w, t, k: c.post(
            _follow_up_url("follow_up_edit", w, t, k), _follow_up_form(w, t, k, "Relance faite")
        ),
        _managed(DONE),
        kinds=MEETING_KINDS,
        prepare=prepare_follow_up,
        happened=lambda w, t, k: _follow_up_texts(w, t, k) == [("Relance faite", "open")],
    ),
    Capability(
        "meeting_follow_up_status",
        lambda c, w, t, k: c.post(
            _follow_up_url("follow_up_status", w, t, k),
            {"status": "done", "version": w.meeting(t, k).version},
        ),
        _managed(DONE),
        kinds=MEETING_KINDS,
        prepare=prepare_follow_up,
        happened=lambda w, t, k: (
            _follow_up_texts(w, t, k) == [("Relancer les entreprises", "done")]
        ),
    ),
    Capability(
        "meeting_follow_up_remove",
        lambda c, w, t, k: c.post(
            _follow_up_url("follow_up_remove", w, t, k), {"version": w.meeting(t, k).version}
        ),
        _managed(DONE),
        kinds=MEETING_KINDS,
        prepare=prepare_follow_up,
        happened=lambda w, t, k: _follow_up_texts(w, t, k) == [],
    ),
    Capability(
        "meetings_needs",
        lambda c, w, t, k: c.get(_url("needs", w, t)),
        lambda a, t, k: OK if t in READS_RESTRICTED[a] else FORBIDDEN,
        prepare=prepare_meetings,
    ),
]


def _feedback_url(world, target):
    return f"/api/v1/action-sheets/{world.sheets[target, PUBLIC].pk}/feedback/"


def _feedback_read(actor, target, kind):
    """A public fiche: its feedback is read where the actor reads restricted content."""
    return OK if target in READS_RESTRICTED[actor] else FORBIDDEN


def prepare_presented(world, target, kind):
    """The territory's fiche of `kind` presented at its meeting of the same kind (a public
    fiche at the public meeting, a restricted one at the territory meeting)."""
    prepare_meetings(world, target, kind)
    meeting = world.meeting(target, kind)
    if not meeting.agenda_items.exists():
        item = AgendaItem.objects.create(meeting=meeting, title="Fiches")
        PresentedSheet.objects.create(item=item, sheet=world.sheet(target, kind))


def _feedback_give(actor, target, kind):
    """An account gives feedback on a fiche it sees, at a meeting it sees, where the fiche
    was presented: every account on the public fiche at the public meeting, whatever its
    territory (anybody may attend); the territory's readers only on the restricted one.
    Anonymous callers: 401."""
    if actor == "anonymous":
        return UNAUTHORIZED
    if not meeting_visible(actor, target, kind) or not api_visible(actor, target, kind):
        return HIDDEN
    return CREATED


def _feedback_post(client, world, target, kind):
    body = {
        "meeting_id": world.meeting(target, kind).pk,
        "interest": "interested",
        "organisation_name": "Usine de la matrice",
        "comment": "Avis de la matrice",
    }
    url = f"/api/v1/action-sheets/{world.sheets[target, kind].pk}/feedback/"
    return client.post(url, body, content_type="application/json")


MEETING_API = [
    Capability(
        "api_events_list",
        lambda c, w, t, k: c.get(f"/api/v1/events/?territory={w.territory(t).code}"),
        always_ok,
        prepare=prepare_meetings,
        check=_titles_check,
    ),
    Capability(
        "api_event_detail",
        lambda c, w, t, k: c.get(f"/api/v1/events/{w.meeting(t, k).pk}/"),
        _seen(OK),
        kinds=MEETING_KINDS,
        prepare=prepare_meetings,
        check=lambda body, a, t, k: [] if meeting_title(t, k) in body else ["title missing"],
    ),
    Capability(
        "api_feedback_list",
        lambda c, w, t, k: c.get(_feedback_url(w, t)),
        _feedback_read,
        kinds=(PUBLIC,),
        prepare=prepare_oubli,
        check=lambda body, a, t, k: [] if "Une crèche" in body else ["feedback missing"],
    ),
    Capability(
        "api_feedback_give",
        _feedback_post,
        _feedback_give,
        kinds=MEETING_KINDS,
        prepare=prepare_presented,
        happened=lambda w, t, k: SheetFeedback.objects.filter(
            meeting=w.meeting(t, k), sheet=w.sheets[t, k], comment="Avis de la matrice"
        ).exists(),
    ),
]
