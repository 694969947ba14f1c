"""What the demo contains, as data. `loader.py` turns it into database rows.

Source: the article « After Work Territoires d'Industrie pour le bassin d'emploi de
Chaumont/Nogent et Langres, le 09 septembre 2019 à Langres » (Christophe Juppin) and the
official list of the 2019 territories. What the article does not say stays empty, except
the content explicitly marked as example (is_example), which is invented for trying the
platform and says so in its titles.
"""

import datetime
from zoneinfo import ZoneInfo

PARIS = ZoneInfo("Europe/Paris")


def at(year, month, day, hour=12, minute=0):
    """An aware datetime in Paris time."""
    return datetime.datetime(year, month, day, hour, minute, tzinfo=PARIS)


DEMO_PASSWORD = "demo-territoires-2026"
EMAIL_DOMAIN = "demo.territoires-industrie.fr"

# Geography -----------------------------------------------------------------------------

REGION = {"code": "44", "name": "Grand Est"}
DEPARTMENT = {"code": "52", "name": "Haute-Marne"}

TERRITORY = {
    "code": "4403",
    "name": "Bassins de Langres - Chaumont",
    "phase": "2019",
    "labelled_on": datetime.date(2018, 11, 22),
}
# The labelled stage is the only one the article establishes (labelled on 22/11/2018).
TERRITORY_STAGE = "labellise"

# (SIREN, name, kind, communes of the EPCI in the territory, communes of the EPCI)
EPCIS = [
    ("200068658", "CA de Chaumont", "CA", 63, 63),
    ("200072999", "CC du Grand Langres", "CC", 54, 54),
]

# A second territory of the same region, real code and name from the 2019 list; all its
# fiches are examples.
SECOND_TERRITORY = {"code": "4412", "name": "Troyes - Bar-sur-Aube", "phase": "2019"}
SECOND_DEPARTMENT = {"code": "10", "name": "Aube"}

# Organisations and people -----------------------------------------------------------------

# key → fields. "epci" is the SIREN of the matching EPCI; "partner" is the organisation's
# part in the territory's approach, as the article tells it.
ORGANISATIONS = {
    "chaumont": {
        "name": "Agglomération de Chaumont",
        "kind": "local_authority",
        "siren": "200068658",
        "epci": "200068658",
        "partner": "Co-organisatrice des After Work avec l'agglomération de Langres et Nogentech.",
    },
    "langres": {
        "name": "Grand Langres",
        "kind": "local_authority",
        "siren": "200072999",
        "epci": "200072999",
        "partner": "Co-organisatrice des After Work avec l'agglomération de Chaumont et Nogentech.",
    },
    "nogentech": {
        "name": "Nogentech",
        "kind": "cluster",
        "partner": (
            "Cluster industriel : propositions adressées à la Région le 18/02/2019, "
            "co-organisateur des After Work."
        ),
    },
    "region": {
        "name": "Région Grand Est",
        "kind": "region",
        "partner": "Co-pilote de la démarche avec l'État ; réunions du 02/04 et du 29/05/2019.",
    },
    "prefecture": {
        "name": "Préfecture de la Haute-Marne",
        "kind": "state",
        "partner": "Co-pilote de la démarche avec la Région ; réunion du 29/05/2019.",
    },
    "stef": {
        "name": "STEF Transport Langres",
        "kind": "company",
        "address": "Avenue de la Collinière",
        "city": "Langres",
        "partner": "Hôte de l'After Work du 09/09/2019 (STEF TFE).",
    },
}

# (first name, last name, job title, organisation key or None, note of their part in the
# territory's approach or None when the article gives them no part in it)
PEOPLE = [
    ("Arnaud", "Gauthier", "", "stef", "Accueil en hôte de l'After Work du 09/09/2019 (STEF TFE)."),
    (
        "Christine",
        "Guillemy",
        "",
        "chaumont",
        "Introduction de l'After Work du 09/09/2019 pour l'agglomération de Chaumont.",
    ),
    (
        "Delphine",
        "Descorne-Jeanny",
        "",
        "nogentech",
        "Introduction de l'After Work du 09/09/2019 pour Nogentech.",
    ),
    (
        "Jean-Joseph",
        "Philippon",
        "",
        None,
        "Présentation du dispositif à l'After Work du 09/09/2019.",
    ),
    (
        "Marie-José",
        "Ruel",
        "Présidente du Grand Langres",
        "langres",
        "Clôture de l'After Work du 09/09/2019 et annonce des prochaines échéances.",
    ),
    ("Jean", "Rottner", "Président de la Région Grand Est", "region", None),
    (
        "Jean-François",
        "",
        "",
        None,
        "Présentation de la fiche F3 (mobilité) à l'After Work du 09/09/2019.",
    ),
]

# Fiches of 4403 --------------------------------------------------------------------------

# (code, axis code, title, presenter first name or None), in the order of the article's
# table.
SHEETS = [
    ("F2.0", "attirer", "Marketing territorial et prospection", None),
    ("F2.1", "attirer", "Renforcer l'offre foncière et immobilière d'activités", None),
    ("F2.2", "attirer", "Prospection d'entreprises", None),
    ("F13", "attirer", "French tech tour", None),
    ("F10", "attirer", "Accueil des actifs", None),
    ("F3", "attirer", "Mobilité", "Jean-François"),
    ("F1", "attirer", "Services aux entreprises et aux salariés en zone d'activité", None),
    ("F8", "recruter", "Attractivité des métiers de l'industrie", None),
    ("F9", "recruter", "Offre de formation maintenance industrielle", None),
    ("F12", "recruter", "Plate-forme RH partagée", None),
    ("F11", "innover", "Sous-traitance automobile, adaptation aux automobiles de demain", None),
    ("F6", "innover", "Plateforme d'usinage électromécanique de précision", None),
    ("F4", "simplifier", "Faciliter l'instruction des ICPE", None),
    ("F5", "simplifier", "Dérogation temporaire inconstructibilité ZAE autoroute Semoutiers", None),
    ("F7", "simplifier", "Marquage CE dans le secteur médical", None),
]

# The fiches were written in spring 2019: they are dated from the meeting of 29/05/2019
# where the agglomerations joined the cluster's approach and decided the first After Work.
SHEETS_WRITTEN_AT = at(2019, 5, 29)

# Their story, replayed through the real workflow: (target status, when, comment).
SHEET_STORY = [
    (
        "proposed",
        at(2019, 7, 15, 17, 0),
        "Fiche rédigée par le territoire et proposée pour l'After Work du 15/07/2019 à Nogent.",
    ),
    (
        "presented",
        at(2019, 7, 15, 19, 0),
        "Présentée aux industriels lors de l'After Work « Territoires d'Industrie pour le "
        "bassin d'emploi de Chaumont et Langres » du 15/07/2019 à Nogent.",
    ),
    (
        "proposed",
        at(2019, 9, 9, 18, 20),
        "Reprise pour être finalisée : restitution aux entreprises participantes à "
        "l'After Work du 15/07/2019 et à tous les contacts industriels.",
    ),
    (
        "presented",
        at(2019, 9, 9, 20, 0),
        "Présentée à nouveau lors de l'After Work du 09/09/2019 chez STEF Transport, avenue "
        "de la Collinière à Langres, pour finaliser les fiches action : valider les "
        "projets, identifier les oublis, vérifier les besoins des entreprises.",
    ),
]

# Demo accounts ----------------------------------------------------------------------------

# The example person the contributor account stands for; they pilot these fiches of 4403.
EXAMPLE_PERSON = {
    "first_name": "Camille",
    "last_name": "Exemple",
    "job_title": "Personne fictive de démonstration",
    # Listed as a contact of 4403, so that the fiche form offers them as a pilot.
    "note": "Pilote des fiches F10 et F12 (compte de démonstration « contributeur »).",
}
EXAMPLE_PERSON_PILOTS = ["F10", "F12"]

# One account per role. "territory" + "role" make a membership, "scope" a Scope; "can" is
# printed at the end of load_demo.
ACCOUNTS = [
    {
        "local": "lecteur",
        "name": ("Démo", "Lecteur"),
        "territory": "4403",
        "role": "reader",
        "can": "lit tout le plan de 4403, fiches restreintes et historique compris",
    },
    {
        "local": "contributeur",
        "name": ("Camille", "Exemple"),
        "territory": "4403",
        "role": "contributor",
        "can": "lit 4403 et modifie les fiches qu'il pilote (F10, F12)",
    },
    {
        "local": "editeur",
        "name": ("Démo", "Éditeur"),
        "territory": "4403",
        "role": "editor",
        "can": "crée, modifie, valide, supprime et restaure toutes les fiches de 4403",
    },
    {
        "local": "administrateur",
        "name": ("Démo", "Administrateur"),
        "territory": "4403",
        "role": "admin",
        "can": "comme l'éditeur, et gère les membres de 4403",
    },
    {
        "local": "region",
        "name": ("Démo", "Région Grand Est"),
        "scope": "region",
        "can": "lit et valide les fiches des territoires du Grand Est",
    },
    {
        "local": "etat",
        "name": ("Démo", "Préfecture 52"),
        "scope": "state",
        "can": "lit et valide les fiches des territoires de la Haute-Marne",
    },
    {
        "local": "operateur",
        "name": ("Démo", "Opérateur"),
        "scope": "operator",
        "can": "lit tous les territoires, fiches restreintes comprises",
    },
    {
        "local": "national",
        "name": ("Démo", "Équipe nationale"),
        "scope": "national",
        "can": "tout, y compris l'administration du site (/admin/)",
    },
    {
        "local": "editeur.troyes",
        "name": ("Démo", "Éditeur Troyes"),
        "territory": "4412",
        "role": "editor",
        "can": "éditeur de 4412 seulement ; ne lit que les fiches publiques de 4403",
    },
]

# Example fiches of the second territory -----------------------------------------------------

# (code, axis, title, visibility, [(status, when), ...] from draft)
EXAMPLE_SHEETS = [
    (
        "F1",
        "attirer",
        "Exemple : accueil des nouveaux salariés et de leur famille",
        "public",
        [
            ("proposed", at(2025, 2, 3)),
            ("presented", at(2025, 3, 10)),
            ("validated", at(2025, 4, 14)),
        ],
    ),
    (
        "F2",
        "recruter",
        "Exemple : classe industrie avec les lycées professionnels",
        "public",
        [
            ("proposed", at(2025, 1, 20)),
            ("presented", at(2025, 3, 10)),
            ("validated", at(2025, 4, 14)),
            ("committed", at(2025, 6, 2)),
            ("in_progress", at(2025, 9, 1)),
        ],
    ),
    (
        "F3",
        "innover",
        "Exemple : diagnostic numérique des PME sous-traitantes",
        "restricted",
        [("proposed", at(2025, 5, 5))],
    ),
    (
        "F4",
        "simplifier",
        "Exemple : guichet unique des autorisations pour les projets industriels",
        "restricted",
        [],
    ),
    (
        "F5",
        "innover",
        "Exemple : réhabilitation d'une friche industrielle",
        "public",
        [("proposed", at(2025, 2, 17)), ("presented", at(2025, 3, 10))],
    ),
]
EXAMPLE_SHEETS_WRITTEN_AT = at(2025, 1, 6)
EXAMPLE_CONTEXT = (
    "Fiche d'exemple inventée pour la démonstration de la plateforme : elle ne décrit "
    "pas une action réelle du territoire."
)


# Financing lines on fiches of 4403, invented for the demo and marked as examples:
# (fiche code, financer key of ORGANISATIONS, amount, nature, [(status, date), ...]).
FUNDING_EXAMPLE_NOTE = "Exemple inventé pour la démonstration : ni montant ni décision réels."
# (fiche, financer, amount, nature, moves as (status, day)); each line recorded as added on
# FUNDING_EXAMPLES_ADDED_ON[fiche], after the After Work, its moves on their day: the
# history and « Derniers changements » show them in 2019, not on the day the demo loads.
FUNDING_EXAMPLES = [
    (
        "F9",
        "region",
        "40000",
        "operating",
        [("requested", datetime.date(2019, 10, 1)), ("granted", datetime.date(2019, 12, 2))],
    ),
    ("F2.1", "prefecture", "120000", "investment", [("requested", datetime.date(2019, 11, 4))]),
    ("F3", "region", "15000", "investment", []),
]
FUNDING_EXAMPLES_ADDED_ON = {
    "F9": datetime.date(2019, 9, 16),
    "F2.1": datetime.date(2019, 9, 23),
    "F3": datetime.date(2019, 10, 14),
}
# The hour a demo's example write is recorded at on its day (Paris time).
EXAMPLE_HOUR = 10
