"""The financing plan's events in the fiche's history: a line added, changed, moved from
one status to another or removed, and the self-funding set, each read in French with the
line it is about ("Région Grand Est, 40 000,00 €": its financer and its amount after the
event). Registered with the audit log at start-up (`apps.FundingConfig.ready`)."""

from territoires.audit import registry
from territoires.audit.render import amount


def line_subject(event):
    """Which line an event is about: its financer and its amount then."""
    data = event.data or {}
    financer = (data.get("financer") or {}).get("label", "")
    if not financer:  # events written before the financer was kept: "Name – 40000.00 €"
        financer = event.object_label.rsplit(" – ", 1)[0]
    if data.get("amount") is None:
        return financer
    return f"{financer}, {amount(data['amount'])} €"


def plan_subject(event):
    return "Plan de financement"


def register():
    registry.register_related(
        "plans.actionsheet", registry.Related("funding.fundingline", "sheet", line_subject)
    )
    registry.register_related(
        "plans.actionsheet", registry.Related("funding.fundingplan", "sheet", plan_subject)
    )
