"""Indexes that migrate on both databases of the project."""

from django.contrib.postgres.indexes import GinIndex
from django.db.models import Index


class PortableGinIndex(GinIndex):
    """A GIN index on PostgreSQL (full-text vectors); an ordinary index elsewhere, so that
    SQLite, which has no GIN, migrates the same models (and rebuilds its tables) without
    a vendor test in every migration."""

    def create_sql(self, model, schema_editor, using="", **kwargs):
        if schema_editor.connection.vendor == "postgresql":
            return super().create_sql(model, schema_editor, using=using, **kwargs)
        return Index.create_sql(self, model, schema_editor, using=using, **kwargs)
