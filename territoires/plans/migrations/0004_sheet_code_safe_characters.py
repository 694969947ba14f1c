"""Fiche codes become safe URL segments (plans/codes.py): the field gets its validator, and
the codes already stored that break the rule are rewritten, the fiches kept.

The rewrite is frozen here (a migration never follows later code): runs of other
characters become "-", a leading "-", "." or "_" and a trailing "-" are dropped (nothing
left gives "F"), a reserved word gets "-1",
and a code already taken in the territory (ignoring case) gets "-2", "-3"… Each change is
printed, old → new."""

import re

from django.db import migrations, models

import territoires.plans.codes

MAX_LENGTH = 20
SORT_KEY_LENGTH = 80
SAFE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
UNSAFE_RUN = re.compile(r"[^A-Za-z0-9._-]+")
NUMBER = re.compile(r"(\d+)")
RESERVED = {
    "ajouter", "annuaire", "corbeille", "documents", "etape", "fiches", "membres",
    "modifier", "nouveau", "nouvelle", "partenaires", "personnes", "restaurer", "retirer",
    "role", "roles", "statut", "supprimer", "terminer",
}  # fmt: skip


def _is_safe(code):
    return bool(SAFE.fullmatch(code)) and code.casefold() not in RESERVED


def _natural_key(code):
    parts = NUMBER.split(code.strip().upper())
    return "".join(part.zfill(8) if part.isdigit() else part for part in parts)


def _candidate(code):
    code = UNSAFE_RUN.sub("-", code.strip()).lstrip("-._").rstrip("-")[:MAX_LENGTH] or "F"
    if code.casefold() in RESERVED:
        code = f"{code}-1"
    return code


def fix_codes(apps, schema_editor):
    ActionSheet = apps.get_model("plans", "ActionSheet")
    sheets = list(ActionSheet.objects.order_by("territory_id", "pk"))
    taken = {}
    for sheet in sheets:
        taken.setdefault(sheet.territory_id, set()).add(sheet.code.casefold())
    for sheet in sheets:
        if _is_safe(sheet.code):
            continue
        base = _candidate(sheet.code)
        used = taken[sheet.territory_id]
        code, number = base, 2
        while code.casefold() in used:
            suffix = f"-{number}"
            code = base[: MAX_LENGTH - len(suffix)] + suffix
            number += 1
        used.add(code.casefold())
        print(f"\n  Fiche {sheet.pk} : code « {sheet.code} » → « {code} »", end="")
        sheet.code = code
        sheet.sort_key = _natural_key(code)[:SORT_KEY_LENGTH]
        sheet.save(update_fields=["code", "sort_key"])


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0003_delete_changerecord"),
    ]

    operations = [
        migrations.RunPython(fix_codes, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="actionsheet",
            name="code",
            field=models.CharField(
                help_text="Par exemple F2.1 : lettres sans accent, chiffres, « . », « - » ou « _ ».",
                max_length=20,
                validators=[territoires.plans.codes.validate_sheet_code],
                verbose_name="code",
            ),
        ),
    ]
