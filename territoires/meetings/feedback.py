"""Companies' feedback on the fiches presented at a meeting (avis), and its synthesis.

The way in is the fiche's QR code printed for the meeting (`feedback_link`): a signed
link naming the meeting and the fiche, valid until FEEDBACK_DAYS after the meeting. A
forged or altered link, an expired one, or one whose fiche is no longer presented is
refused with its reason (`FeedbackLinkError`) and nothing is written. One answer per
address, meeting and fiche: the same address again is refused ("déjà donné"), so that
nobody replaces somebody else's answer. Texts are sanitised with nh3 (markup removed)
before they are stored."""

import datetime
import html
from collections import Counter

import nh3
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from territoires.accounts.identity import normalize_email
from territoires.audit.log import record
from territoires.core.errors import ConflictError

from .models import (
    Commitment,
    Interest,
    MeetingStatus,
    Need,
    PresentedSheet,
    Registration,
    RegistrationStatus,
    SheetFeedback,
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
    today = today or timezone.localdate()
    if today > meeting.date + datetime.timedelta(days=FEEDBACK_DAYS):
        raise FeedbackLinkError(
            "expired",
            f"Les avis sur les fiches de cette rencontre étaient ouverts jusqu'au "
            f"{meeting.date + datetime.timedelta(days=FEEDBACK_DAYS):%d/%m/%Y}.",
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


@transaction.atomic
def give_feedback(
    meeting,
    sheet,
    *,
    acting_user,
    first_name,
    last_name,
    email,
    organisation_name,
    interest,
    needs=(),
    needs_other="",
    commitments=(),
    commitments_other="",
    comment="",
    forgotten_topic="",
    is_example=False,
):
    """Record one company's feedback on a fiche presented at the meeting."""
    if not PresentedSheet.objects.filter(item__meeting=meeting, sheet=sheet).exists():
        raise ValidationError("Cette fiche n'a pas été présentée à cette rencontre.")
    if interest not in Interest.values:
        raise ValidationError({"interest": "Choisissez votre intérêt pour cette fiche."})
    email = normalize_email(email)
    needs_other, commitments_other = clean_text(needs_other), clean_text(commitments_other)
    feedback = SheetFeedback(
        meeting=meeting,
        sheet=sheet,
        registration=Registration.objects.filter(meeting=meeting, email=email)
        .exclude(status=RegistrationStatus.CANCELLED)
        .order_by("id")
        .first(),
        user=acting_user if acting_user is not None and acting_user.is_authenticated else None,
        first_name=clean_text(first_name),
        last_name=clean_text(last_name),
        email=email,
        organisation_name=clean_text(organisation_name),
        interest=interest,
        needs=_codes(needs, Need, "needs", needs_other),
        needs_other=needs_other,
        commitments=_codes(commitments, Commitment, "commitments", commitments_other),
        commitments_other=commitments_other,
        comment=clean_text(comment),
        forgotten_topic=clean_text(forgotten_topic),
        is_example=is_example,
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
        data={"meeting": meeting.pk, "sheet": sheet.pk, "interest": interest},
    )
    return feedback


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
