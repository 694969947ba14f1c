"""Who may read an object of a territory: everyone, or the territory and those above it.

Fiches use it today; meetings and funding schemes will too."""

from django.db import models


class Visibility(models.TextChoices):
    PUBLIC = "public", "Publiée (catalogue public)"
    RESTRICTED = "restricted", "Restreinte au territoire"
