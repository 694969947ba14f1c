"""Input and output shapes of the meetings (events) and feedback endpoints."""

from datetime import date, datetime, time

from ninja import Field, Schema

from .common import Id


class EventSummary(Schema):
    id: int
    territory: str = Field(..., description="Code du territoire.")
    kind: str = Field(
        ...,
        description="after_work, project_committee, monitoring_committee, workshop, "
        "public_meeting.",
    )
    kind_label: str
    title: str
    date: date
    start_time: time = Field(..., description="Heure de Paris.")
    end_time: time = Field(..., description="Heure de Paris.")
    venue_name: str
    venue_address: str
    status: str = Field(..., description="planned (prévue), held (tenue), cancelled (annulée).")
    visibility: str
    capacity: int | None
    is_example: bool

    @staticmethod
    def resolve_territory(obj):
        return obj.territory.code

    @staticmethod
    def resolve_kind_label(obj):
        return obj.get_kind_display()


class PresentedSheetOut(Schema):
    id: int
    code: str
    title: str
    presenter: str | None


class AgendaItemOut(Schema):
    start_time: time | None
    duration_minutes: int | None
    title: str
    speakers: list[str]
    sheets: list[PresentedSheetOut] = Field(..., description="Fiches visibles par l'appelant.")


class EventDetail(EventSummary):
    invitation_text: str
    host_organisation: str | None
    co_organisers: list[str]
    agenda: list[AgendaItemOut]

    @staticmethod
    def resolve_host_organisation(obj):
        return obj.host_organisation.name if obj.host_organisation_id else None

    @staticmethod
    def resolve_co_organisers(obj):
        return obj.co_organiser_names


class EventFilters(Schema):
    territory: str | None = Field(None, max_length=20, description="Code du territoire (4403).")


class FeedbackIn(Schema):
    meeting_id: Id = Field(..., description="La rencontre où la fiche a été présentée.")
    interest: str = Field(..., description="not_concerned, interested, ready_to_commit.")
    needs: list[str] = Field(default_factory=list, max_length=10)
    needs_other: str = Field("", max_length=300)
    commitments: list[str] = Field(default_factory=list, max_length=10)
    commitments_other: str = Field("", max_length=300)
    comment: str = Field("", max_length=3000)
    forgotten_topic: str = Field("", max_length=3000, description="Un oubli du plan.")
    first_name: str = Field("", max_length=100, description="Par défaut, celui du compte.")
    last_name: str = Field("", max_length=100, description="Par défaut, celui du compte.")
    email: str = Field("", max_length=254, description="Par défaut, celle du compte.")
    organisation_name: str = Field(..., min_length=1, max_length=200)


class FeedbackOut(Schema):
    id: int
    meeting_id: int
    first_name: str
    last_name: str
    organisation_name: str
    interest: str
    needs: list[str]
    needs_other: str
    commitments: list[str]
    commitments_other: str
    comment: str
    forgotten_topic: str
    topic_status: str
    created_at: datetime
    is_example: bool


class InterestCount(Schema):
    interest: str
    label: str
    count: int


class FeedbackList(Schema):
    sheet: str = Field(..., description="Code de la fiche.")
    count: int
    interest: list[InterestCount]
    items: list[FeedbackOut]
