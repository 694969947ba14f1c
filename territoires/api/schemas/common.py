"""Shapes shared by every domain of API v1: the error format, small references."""

from ninja import Field, Schema


class Error(Schema):
    code: str = Field(
        ...,
        description="not_found, forbidden, unauthorized, validation_error, conflict, bad_request…",
    )
    message: str = Field(..., description="Phrase en français, affichable telle quelle.")
    details: dict = Field(default_factory=dict)


class ErrorResponse(Schema):
    error: Error


class CodeName(Schema):
    code: str
    name: str


class Named(Schema):
    id: int
    name: str
