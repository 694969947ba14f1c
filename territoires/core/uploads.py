"""The one check of an uploaded document (a fiche's, a territory stage's): its extension
among settings.DOCUMENT_EXTENSIONS, its size within settings.DOCUMENT_MAX_BYTES, and its
first bytes matching its extension (a renamed executable is refused)."""

from django.conf import settings
from django.core.exceptions import ValidationError

# The first bytes of the binary formats we accept: a file whose content does not match its
# extension (a renamed executable, say) is refused. Text formats (csv, txt) have none.
FILE_SIGNATURES = {
    "pdf": (b"%PDF",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    # OpenDocument and Office Open XML files are zip archives.
    **dict.fromkeys(("odt", "ods", "odp", "docx", "xlsx", "pptx"), (b"PK\x03\x04",)),
    # Legacy Office files are OLE2 compound documents.
    **dict.fromkeys(("doc", "xls", "ppt"), (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)),
}


def extension_of(filename):
    return filename.rsplit(".", 1)[-1].lower() if "." in filename else ""


def content_matches_extension(uploaded_file, extension):
    signatures = FILE_SIGNATURES.get(extension)
    if not signatures:
        return True
    uploaded_file.seek(0)
    head = uploaded_file.read(8)
    uploaded_file.seek(0)
    return any(head.startswith(signature) for signature in signatures)


def check_document(uploaded_file, *, field="file"):
    """Refuse, as a ValidationError on `field` in French, a file of a type we do not
    accept, too large, or whose content does not match its extension."""
    extension = extension_of(uploaded_file.name)
    if extension not in settings.DOCUMENT_EXTENSIONS:
        raise ValidationError(
            {
                field: f"Type de fichier refusé (.{extension or '?'}). Types acceptés : "
                + ", ".join(settings.DOCUMENT_EXTENSIONS)
                + "."
            }
        )
    if uploaded_file.size > settings.DOCUMENT_MAX_BYTES:
        limit = settings.DOCUMENT_MAX_BYTES // (1024 * 1024)
        raise ValidationError({field: f"Fichier trop volumineux : {limit} Mo au plus."})
    if not content_matches_extension(uploaded_file, extension):
        raise ValidationError(
            {field: f"Le contenu du fichier ne correspond pas à un fichier .{extension}."}
        )


def document_help_text():
    """What a document field says of the accepted files."""
    limit = settings.DOCUMENT_MAX_BYTES // (1024 * 1024)
    return f"{limit} Mo au plus. Formats : {', '.join(settings.DOCUMENT_EXTENSIONS)}."


def document_accept():
    """The `accept` attribute of a document field."""
    return ",".join(f".{ext}" for ext in settings.DOCUMENT_EXTENSIONS)
