"""Companies' feedback on the fiches presented at a meeting (avis), and its synthesis.

The way in is the fiche's QR code printed for the meeting (`feedback_link`): a signed
link naming the meeting and the fiche, valid until FEEDBACK_DAYS after the meeting. A
forged or altered link, an expired one, or one whose fiche is no longer presented is
refused with its reason (`FeedbackLinkError`) and nothing is written. One answer per
address, meeting and fiche: the same address again is refused ("déjà donné"), so that
nobody replaces somebody else's answer; its author edits it instead, while the link is
valid (`update_feedback`: from the browser that gave it, which keeps its secret, or signed
in as its author; versioned, audit-logged). Texts are sanitised with nh3 (markup removed)
before they are stored."""

import datetime
import html
import secrets
from collections import Counter

import nh3
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from territoires.accounts.identity import normalize_email
from territoires.audit import values
from territoires.audit.log import record
from territoires.core.errors import ConflictError
from territoires.core.locking import claim_version
from territoires.organisations.models import Person

from . import throttle
from .models import (
    Commitment,
    Interest,
    MeetingStatus,
    Need,
    PresentedSheet,
    Registration,
    RegistrationStatus,
    SheetFeedback,
    TopicStatus,
)

SALT = "territoires.meetings.feedback"
FEEDBACK_DAYS = 30


class FeedbackLinkError(Exception):
    """A feedback link that cannot be used; `reason` is "forged", "expired" or "closed",
    `message` is the French text shown."""

    def __init__(self, reason, message):
        self.reason = reason
        self.message = message
        super().__init__(message)


def feedback_token(meeting, sheet):
    return signing.dumps({"m": meeting.pk, "s": sheet.pk}, salt=SALT, compress=True)


def feedback_path(meeting, sheet):
    return reverse("meetings:feedback", args=[feedback_token(meeting, sheet)])


def read_feedback_token(token, today=None):
    """(meeting, presented fiche) of a feedback link, or FeedbackLinkError."""
    try:
        data = signing.loads(token, salt=SALT)
        meeting_id, sheet_id = int(data["m"]), int(data["s"])
    except (signing.BadSignature, KeyError, TypeError, ValueError) as exc:
        raise FeedbackLinkError(
            "forged", "Ce lien d'avis n'est pas valable : il a été modifié ou mal copié."
        ) from exc
    presented = (
        PresentedSheet.objects.filter(
            item__meeting_id=meeting_id, sheet_id=sheet_id, sheet__deleted_at__isnull=True
        )
        .select_related("sheet__axis", "item__meeting__territory")
        .order_by("id")
        .first()
    )
    if presented is None or presented.item.meeting.status == MeetingStatus.CANCELLED:
        raise FeedbackLinkError(
            "closed", "Cette fiche n'est plus présentée à cette rencontre : l'avis est fermé."
        )
    meeting = presented.item.meeting
    if not is_open(meeting, today):
        raise FeedbackLinkError(
            "expired",
            f"Les avis sur les fiches de cette rencontre étaient ouverts jusqu'au "
            f"{closes_on(meeting):%d/%m/%Y}.",
        )
    return meeting, presented


def clean_text(value):
    """Plain text: markup removed by nh3 (scripts with their content), entities decoded,
    spaces trimmed. The templates escape it again when they show it."""
    return html.unescape(nh3.clean(value or "", tags=set())).strip()


def _codes(values, choices, field, other_text):
    codes = list(dict.fromkeys(values or []))
    unknown = [c for c in codes if c not in choices.values]
    if unknown:
        raise ValidationError({field: f"Choix inconnu : {', '.join(map(str, unknown))}."})
    if choices.OTHER in codes and not other_text:
        raise ValidationError({f"{field}_other": "Précisez « Autre »."})
    return [c for c in choices.values if c in codes]  # in the list's order


def _answer(
    interest,
    needs=(),
    needs_other="",
    commitments=(),
    commitments_other="",
    comment="",
    forgotten_topic="",
    first_name="",
    last_name="",
    organisation_name="",
):
    """The fields of an answer, checked and sanitised: one rule for giving and editing."""
    if interest not in Interest.values:
        raise ValidationError({"interest": "Choisissez votre intérêt pour cette fiche."})
    needs_other, commitments_other = clean_text(needs_other), clean_text(commitments_other)
    return {
        "first_name": clean_text(first_name),
        "last_name": clean_text(last_name),
        "organisation_name": clean_text(organisation_name),
        "interest": interest,
        "needs": _codes(needs, Need, "needs", needs_other),
        "needs_other": needs_other,
        "commitments": _codes(commitments, Commitment, "commitments", commitments_other),
        "commitments_other": commitments_other,
        "comment": clean_text(comment),
        "forgotten_topic": clean_text(forgotten_topic),
    }


@transaction.atomic
def give_feedback(
    meeting, sheet, *, acting_user, email, is_example=False, ip_address=None, **answer
):
    """Record one company's feedback on a fiche presented at the meeting: `answer` holds
    `interest`, `needs`, `needs_other`, `commitments`, `commitments_other`, `comment`,
    `forgotten_topic`, `first_name`, `last_name` and `organisation_name`. The answer
    comes back with its `edit_token`, the secret that lets its browser edit it. With
    `ip_address` (the page, the API), the request is counted against the rate limits."""
    throttle.count_feedback(email, ip_address)
    if not PresentedSheet.objects.filter(item__meeting=meeting, sheet=sheet).exists():
        raise ValidationError("Cette fiche n'a pas été présentée à cette rencontre.")
    fields = _answer(**answer)
    email = normalize_email(email)
    feedback = SheetFeedback(
        meeting=meeting,
        sheet=sheet,
        registration=Registration.objects.filter(meeting=meeting, email=email)
        .exclude(status=RegistrationStatus.CANCELLED)
        .order_by("id")
        .first(),
        user=acting_user if acting_user is not None and acting_user.is_authenticated else None,
        email=email,
        is_example=is_example,
        edit_token=secrets.token_urlsafe(32),
        **fields,
    )
    feedback.full_clean(exclude=["meeting", "sheet", "registration", "user"], validate_unique=False)
    if SheetFeedback.objects.filter(meeting=meeting, sheet=sheet, email=email).exists():
        raise ConflictError(
            f"Un avis sur la fiche {sheet.code} a déjà été donné avec cette adresse pour cette "
            "rencontre : il n'est pas remplacé."
        )
    try:
        with transaction.atomic():
            feedback.save()
    except IntegrityError as exc:  # the same address at the same moment
        raise ConflictError(
            f"Un avis sur la fiche {sheet.code} a déjà été donné avec cette adresse."
        ) from exc
    record(
        "meeting.feedback_given",
        feedback,
        acting_user=acting_user,
        territory=meeting.territory_id,
        version=feedback.version,
        data={"meeting": meeting.pk, "sheet": sheet.pk, "interest": fields["interest"]},
    )
    return feedback


# Its author sees and edits an answer ------------------------------------------------------


def closes_on(meeting):
    """The last day a meeting's feedback links are valid (answers given and edited)."""
    return meeting.date + datetime.timedelta(days=FEEDBACK_DAYS)


def is_open(meeting, today=None):
    today = today or timezone.localdate()
    return meeting.status != MeetingStatus.CANCELLED and today <= closes_on(meeting)


def authored_by(user):
    """A filter of the answers whose author is the signed-in `user`: given while signed
    in, or with the address of the account or of a directory person linked to it."""
    if user is None or not user.is_authenticated:
        return Q(pk__in=[])
    people = Person.objects.filter(user=user).exclude(email="").values("email")
    return Q(user=user) | Q(email=normalize_email(user.email)) | Q(email__in=people)


def own_feedback(meeting, sheet, *, user=None, edit_tokens=None):
    """The visitor's own answer on the fiche at this meeting, or None: the answer whose
    secret the browser holds (`edit_tokens`: {answer id: secret}, from a signed cookie, the
    most recent last), else the signed-in user's."""
    answers = SheetFeedback.objects.filter(meeting=meeting, sheet=sheet)
    for pk, token in reversed(list((edit_tokens or {}).items())):  # the latest first
        found = answers.filter(pk=pk).exclude(edit_token="").first()
        if found is not None and secrets.compare_digest(found.edit_token, str(token)):
            return found
    if user is not None and user.is_authenticated:
        return answers.filter(authored_by(user)).order_by("id").first()
    return None


def user_feedback_on(sheet, user):
    """The signed-in user's own answers on a fiche, across its meetings (the fiche page)."""
    if user is None or not user.is_authenticated:
        return []
    answers = SheetFeedback.objects.filter(sheet=sheet).filter(authored_by(user))
    answers = list(answers.select_related("meeting").order_by("meeting__date", "id"))
    for answer in answers:
        answer.editable = is_open(answer.meeting)
    return answers


def _snapshot(feedback):
    text = values.TEXT
    return {
        "first_name": (text, feedback.first_name),
        "last_name": (text, feedback.last_name),
        "organisation_name": (text, feedback.organisation_name),
        "interest": (values.CHOICE, feedback.interest),
        "needs": (text, ", ".join(feedback.need_labels)),
        "needs_other": (text, feedback.needs_other),
        "commitments": (text, ", ".join(feedback.commitment_labels)),
        "commitments_other": (text, feedback.commitments_other),
        "comment": (text, feedback.comment),
        "forgotten_topic": (text, feedback.forgotten_topic),
    }


@transaction.atomic
def update_feedback(
    feedback, *, acting_user, expected_version, edit_token=None, ip_address=None, **answer
):
    """Its author's edit of an answer, made on `expected_version` (a stale edit is
    refused: StaleEditError). The author holds the answer's secret (`edit_token`) or is
    the signed-in `acting_user`; the meeting's feedback must still be open. The address
    does not change; an oubli already turned into a fiche keeps its text."""
    throttle.count_feedback(feedback.email, ip_address)

    def may_edit(current):
        holds_secret = bool(edit_token and current.edit_token) and secrets.compare_digest(
            current.edit_token, str(edit_token)
        )
        is_author = (
            acting_user is not None
            and acting_user.is_authenticated
            and SheetFeedback.objects.filter(pk=current.pk)
            .filter(authored_by(acting_user))
            .exists()
        )
        if not (holds_secret or is_author):
            raise PermissionDenied("Seul l'auteur d'un avis peut le modifier.")
        if not is_open(current.meeting):
            raise ValidationError(
                f"Les avis sur cette rencontre se modifiaient jusqu'au "
                f"{closes_on(current.meeting):%d/%m/%Y}."
            )

    current = claim_version(
        SheetFeedback,
        feedback.pk,
        expected_version,
        check=may_edit,
    )
    before = _snapshot(current)
    fields = _answer(**answer)
    if (
        current.topic_status != TopicStatus.OPEN
        and fields["forgotten_topic"] != current.forgotten_topic
    ):
        raise ValidationError(
            {
                "forgotten_topic": "Cet oubli a déjà été repris par l'équipe du territoire : "
                "son texte ne se modifie plus."
            }
        )
    for name, value in fields.items():
        setattr(current, name, value)
    current.full_clean(exclude=["meeting", "sheet", "registration", "user"], validate_unique=False)
    current.save()
    record(
        "meeting.feedback_updated",
        current,
        acting_user=acting_user,
        territory=current.meeting.territory_id,
        version=current.version,
        changes=values.changes_between(before, _snapshot(current)),
        data={"meeting": current.meeting_id, "sheet": current.sheet_id},
        at=current.updated_at,
    )
    return current


def synthesis(meeting):
    """{sheet id: summary} of the meeting's feedback, in one query: counts by interest,
    the companies ready to commit (with what they offer), the needs raised (counted),
    the comments and the forgotten topics."""
    summaries = {}
    rows = SheetFeedback.objects.filter(meeting=meeting).order_by("sheet_id", "created_at", "id")
    for feedback in rows:
        summary = summaries.setdefault(
            feedback.sheet_id,
            {
                "total": 0,
                "interest": Counter(),
                "committed": [],
                "needs": Counter(),
                "comments": [],
                "forgotten": [],
            },
        )
        summary["total"] += 1
        summary["interest"][feedback.interest] += 1
        if feedback.interest == Interest.READY:
            summary["committed"].append(feedback)
        summary["needs"].update(feedback.needs)
        if feedback.comment:
            summary["comments"].append(feedback)
        if feedback.forgotten_topic:
            summary["forgotten"].append(feedback)
    for summary in summaries.values():
        summary["interest_rows"] = [
            (label, summary["interest"][code]) for code, label in Interest.choices
        ]
        summary["need_rows"] = [
            (label, summary["needs"][code])
            for code, label in Need.choices
            if summary["needs"][code]
        ]
    return summaries


def needs_matrix(territory, policy):
    """The besoins view of a territory: for each fiche with feedback (that the user may
    see), how many answers raised each need, and the totals per need; two queries."""
    rows = (
        SheetFeedback.objects.filter(meeting__territory=territory)
        .values_list("sheet_id", "needs")
        .order_by("sheet_id", "id")
    )
    counts = {}
    for sheet_id, needs in rows:
        counter = counts.setdefault(sheet_id, Counter())
        counter["_answers"] += 1
        counter.update(code for code in needs or [] if code in Need.values)
    sheets = policy.visible_sheets(
        territory.action_sheets.filter(pk__in=counts).select_related("axis")
    ).order_by("axis__position", "sort_key")
    table = [
        {
            "sheet": sheet,
            "answers": counts[sheet.pk]["_answers"],
            "cells": [counts[sheet.pk][code] for code in Need.values],
        }
        for sheet in sheets
    ]
    totals = [sum(row["cells"][i] for row in table) for i in range(len(Need.values))]
    return {
        "needs": Need.choices,
        "rows": table,
        "totals": list(zip(Need.labels, totals, strict=True)),
        "max_total": max(totals, default=0),
    }


def sheet_synthesis(sheet):
    """The feedback on one fiche across its meetings, for its page, in one query: counts by
    interest, the companies ready to commit, the needs raised."""
    items = list(SheetFeedback.objects.filter(sheet=sheet).order_by("created_at", "id"))
    if not items:
        return None
    interest = Counter(item.interest for item in items)
    needs = Counter(code for item in items for code in item.needs)
    return {
        "total": len(items),
        "interest_rows": [(label, interest[code]) for code, label in Interest.choices],
        "committed": [item for item in items if item.interest == Interest.READY],
        "need_rows": [(label, needs[code]) for code, label in Need.choices if needs[code]],
    }
