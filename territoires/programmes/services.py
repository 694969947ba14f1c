"""Writes to programmes: the national programme Territoires d'industrie as data."""

import datetime
from decimal import Decimal

from django.db import transaction

from .models import Axis, Programme, Stage, Target

TERRITOIRES_D_INDUSTRIE = "territoires-d-industrie"

AXES = [
    ("attirer", "Attirer", "Attirer des entreprises, des talents et des investissements."),
    ("recruter", "Recruter", "Recruter et former aux métiers de l'industrie."),
    ("innover", "Innover", "Innover et accompagner la transformation des entreprises."),
    ("simplifier", "Simplifier", "Simplifier les démarches et lever les freins réglementaires."),
]

STAGES = [
    ("labellise", "Labellisé"),
    ("gouvernance-installee", "Gouvernance installée"),
    ("plan-valide", "Plan d'actions validé"),
    ("protocole-signe", "Protocole d'accord signé"),
    ("contrat-signe", "Contrat signé"),
    ("en-suivi", "En suivi"),
]

# (label, metric, value, due date): the figures announced for the programme in 2019.
TARGETS = [
    (
        "200 M€ engagés fin 2019",
        Target.Metric.AMOUNT_COMMITTED,
        Decimal("200000000"),
        datetime.date(2019, 12, 31),
    ),
    (
        "400 actions remontées des territoires fin 2019",
        Target.Metric.ACTION_SHEETS,
        Decimal("400"),
        datetime.date(2019, 12, 31),
    ),
    (
        "1,3 Md€ engagés en trois ans",
        Target.Metric.AMOUNT_COMMITTED,
        Decimal("1300000000"),
        datetime.date(2022, 11, 22),
    ),
]


@transaction.atomic
def ensure_territoires_d_industrie():
    """Return the programme Territoires d'industrie, creating what is missing of it.

    Creates the programme, its four axes, its territory stages and its 2019 targets when
    absent; never overwrites what an administrator has changed since.
    """
    programme, _ = Programme.objects.get_or_create(
        slug=TERRITOIRES_D_INDUSTRIE,
        defaults={
            "name": "Territoires d'industrie",
            "description": (
                "Programme national lancé le 22 novembre 2018 : des territoires industriels "
                "pilotés par un binôme élu–industriel construisent un plan d'actions autour "
                "de quatre axes, Attirer, Recruter, Innover, Simplifier."
            ),
            "launched_on": datetime.date(2018, 11, 22),
        },
    )
    for position, (code, name, description) in enumerate(AXES):
        Axis.objects.get_or_create(
            programme=programme,
            code=code,
            defaults={"name": name, "description": description, "position": position},
        )
    for position, (code, name) in enumerate(STAGES):
        Stage.objects.get_or_create(
            programme=programme, code=code, defaults={"name": name, "position": position}
        )
    for label, metric, value, due_on in TARGETS:
        Target.objects.get_or_create(
            programme=programme,
            label=label,
            defaults={"metric": metric, "value": value, "due_on": due_on},
        )
    return programme
