"""Shapes shared by every domain of API v1: the error format, small references."""

from typing import Annotated

from ninja import Field, Schema

# An id the database can hold (a 64-bit column): a larger number is a French 422, not a
# database error.
MAX_ID = 2**63 - 1
Id = Annotated[int, Field(ge=1, le=MAX_ID)]


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
