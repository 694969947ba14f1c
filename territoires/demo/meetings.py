"""The two After Works of the article, loaded through the meeting services (audit log,
recorded status moves): 15 July 2019 at Nogent, and 9 September 2019 at STEF Transport,
avenue de la Collinière, Langres, 18:00–20:00, with the article's agenda and people as
the article gives them. The registrants of the 9 September one are invented, marked as
examples (`is_example`) and checked in when it began (the compte rendu counts them
present); a workshop still to come is an example too (where the demo's public
registration happens); a second run changes nothing."""

import datetime

from django.db.models import Q

from territoires.audit.models import AuditEvent
from territoires.meetings import registrations, services
from territoires.meetings.models import Meeting, MeetingStatus, Registration
from territoires.organisations import contacts
from territoires.organisations.models import (
    Consent,
    ConsentPurpose,
    ConsentSource,
    Contact,
    ContactList,
    ContactTag,
    Organisation,
    Person,
)
from territoires.plans.models import ActionSheet

from . import content

TITLE = (
    "After Work « Territoires d'Industrie pour le bassin d'emploi de Chaumont/Nogent et Langres »"
)
CO_ORGANISERS = ("chaumont", "langres", "nogentech")

NOGENT = {
    "kind": "after_work",
    "title": TITLE,
    "date": datetime.date(2019, 7, 15),
    # The article gives neither the hours nor the place in Nogent: the usual After Work
    # hours are assumed, and the invitation says so.
    "start_time": datetime.time(18, 0),
    "end_time": datetime.time(20, 0),
    "venue_name": "Nogent",
    "venue_address": "Nogent (Haute-Marne)",
    "invitation_text": (
        "Premier After Work, décidé lors de la réunion du 29/05/2019 où l'agglomération de "
        "Chaumont/Nogent et l'agglomération de Langres se sont associées à la démarche du "
        "cluster Nogentech : présentation des fiches action aux entreprises industrielles.\n\n"
        "L'article ne précise ni l'heure ni le lieu exact à Nogent : les horaires indiqués "
        "sont ceux d'un After Work, supposés."
    ),
    "visibility": "public",
}

LANGRES = {
    "kind": "after_work",
    "title": TITLE,
    "date": datetime.date(2019, 9, 9),
    "start_time": datetime.time(18, 0),
    "end_time": datetime.time(20, 0),
    "venue_name": "STEF Transport",
    "venue_address": "Avenue de la Collinière, Langres (entrée nord de Langres)",
    "invitation_text": (
        "L'agglomération de Chaumont/Nogent, l'agglomération Langres et le cluster Nogentech "
        "vous invitent à un second After Work le lundi 09 septembre 2019 de 18h à 20h chez "
        "STEF Transport, avenue de la Collinière à Langres (entrée nord de Langres, facile "
        "d'accès pour les chaumontais) pour finaliser les fiches action.\n\n"
        "Objectif de la réunion : présenter les fiches action, identifier les oublis (ajouts "
        "de fiches si nécessaire ou complément), vérifier les besoins avec les entreprises "
        "industrielles."
    ),
    "visibility": "public",
}

# (title, start, duration in minutes, speakers by full name, presents the fiches)
LANGRES_AGENDA = [
    ("Accueil par l'hôte (STEF TFE)", datetime.time(18, 0), None, ["Arnaud Gauthier"], False),
    (
        "Introduction et rappel de la démarche",
        None,
        None,
        ["Christine Guillemy", "Delphine Descorne-Jeanny"],
        False,
    ),
    ("Présentation du dispositif", None, None, ["Jean-Joseph Philippon"], False),
    (
        "Présentation des fiches actions : restitution des fiches rédigées aux entreprises "
        "participantes à l'After Work du 15/07/19 mais aussi à tous nos contacts industriels",
        datetime.time(18, 20),
        100,
        [],
        True,
    ),
    ("Clôture avec annonce des prochaines échéances", None, None, ["Marie-José Ruel"], False),
]
NOGENT_AGENDA = [
    ("Présentation des fiches action aux entreprises industrielles", None, None, [], True),
]

# An invented meeting still to come, marked as an example: the public registration,
# the check-in and the feedback of the demo happen there.
EXAMPLE_UPCOMING = {
    "kind": "workshop",
    "title": "Atelier d'exemple : les besoins en recrutement des industriels",
    "date": datetime.date(2027, 3, 18),
    "start_time": datetime.time(17, 30),
    "end_time": datetime.time(19, 30),
    "venue_name": "Lieu d'exemple",
    "venue_address": "Langres",
    "invitation_text": (
        "Rencontre inventée pour la démonstration : les fiches de l'axe Recruter présentées "
        "aux entreprises, pour recueillir leurs besoins et leurs engagements."
    ),
    "capacity": 40,
    "visibility": "public",
}
EXAMPLE_UPCOMING_SHEETS = ["F8", "F9", "F12"]

# Invented registrants of the 9 September After Work, marked as examples.
EXAMPLE_REGISTRANTS = [
    ("Alix", "Exemple", "alix.exemple@example.org", "Entreprise d'exemple A", "Dirigeante"),
    ("Sacha", "Exemple", "sacha.exemple@example.org", "Entreprise d'exemple B", "Responsable RH"),
    ("Noé", "Exemple", "noe.exemple@example.org", "Entreprise d'exemple C", "Directeur de site"),
]


def load_meetings(territory, organisations, people, editor):
    """Create both After Works when they are not there yet; returns how many were made."""
    sheets = {s.code: s for s in ActionSheet.objects.alive().filter(territory=territory)}
    presented = [
        (sheets[code], people.get(presenter) if presenter else None)
        for code, _, _, presenter in content.SHEETS
        if code in sheets
    ]
    created = 0
    for fields, agenda, registrants, prepared_at, held_comment in (
        (
            NOGENT,
            NOGENT_AGENDA,
            [],
            content.at(2019, 5, 29, 18),  # decided at the meeting of 29/05/2019
            "After Work tenu à Nogent le 15/07/2019.",
        ),
        (
            LANGRES,
            LANGRES_AGENDA,
            EXAMPLE_REGISTRANTS,
            content.at(2019, 7, 15, 20),  # announced after the first one
            "After Work tenu chez STEF Transport à Langres le 09/09/2019.",
        ),
    ):
        if Meeting.objects.filter(territory=territory, date=fields["date"]).exists():
            continue
        meeting = services.create_meeting(
            territory,
            acting_user=editor,
            fields={**fields, "host_organisation": organisations["stef"]}
            if fields is LANGRES
            else fields,
            co_organisers=[organisations[key] for key in CO_ORGANISERS],
        )
        items = [
            {
                "title": title,
                "start_time": start,
                "duration_minutes": duration,
                "speakers": [people[name] for name in speakers],
                "sheets": presented if with_sheets else [],
            }
            for title, start, duration, speakers, with_sheets in agenda
        ]
        meeting = services.set_agenda(
            meeting, acting_user=editor, expected_version=meeting.version, items=items
        )
        for first_name, last_name, email, organisation, job_title in registrants:
            registrations.register(
                meeting,
                acting_user=editor,
                first_name=first_name,
                last_name=last_name,
                email=email,
                organisation_name=organisation,
                job_title=job_title,
                is_example=True,
                confirm=False,
            )
        _backdate(meeting, prepared_at)
        start = datetime.datetime.combine(fields["date"], fields["start_time"], content.PARIS)
        _check_in(meeting, editor, start)
        end = datetime.datetime.combine(fields["date"], fields["end_time"], content.PARIS)
        services.change_meeting_status(
            meeting, MeetingStatus.HELD, acting_user=editor, comment=held_comment, at=end
        )
        created += 1
    if not Meeting.objects.filter(territory=territory, date=EXAMPLE_UPCOMING["date"]).exists():
        meeting = services.create_meeting(
            territory,
            acting_user=editor,
            fields=EXAMPLE_UPCOMING,
            co_organisers=[organisations[key] for key in CO_ORGANISERS],
            is_example=True,
        )
        services.set_agenda(
            meeting,
            acting_user=editor,
            expected_version=meeting.version,
            items=[
                {
                    "title": "Les fiches de l'axe Recruter",
                    "start_time": EXAMPLE_UPCOMING["start_time"],
                    "duration_minutes": 90,
                    "sheets": [(sheets[c], None) for c in EXAMPLE_UPCOMING_SHEETS if c in sheets],
                }
            ],
        )
        created += 1
    return created


def _check_in(meeting, editor, when):
    """The registrants came (their consent was noted there): checked in when it began, so
    the compte rendu counts them present."""
    registrants = list(meeting.registrations.order_by("pk"))
    for registration in registrants:
        registrations.mark_attended(registration, acting_user=editor)
    ids = [registration.pk for registration in registrants]
    Registration.objects.filter(pk__in=ids).update(updated_at=when)
    AuditEvent.objects.filter(
        object_type="meetings.registration", object_id__in=ids, verb="meeting.attended"
    ).update(at=when)


def _backdate(meeting, when):
    """The meeting, its agenda and its registrations as prepared on `when`, in the log too."""
    Meeting.objects.filter(pk=meeting.pk).update(created_at=when, updated_at=when)
    registrants = list(meeting.registrations.values_list("pk", flat=True))
    Registration.objects.filter(pk__in=registrants).update(registered_at=when, updated_at=when)
    AuditEvent.objects.filter(object_type="meetings.meeting", object_id=meeting.pk).update(at=when)
    AuditEvent.objects.filter(
        object_type="meetings.registration", object_id__in=registrants
    ).update(at=when)


# The invented registrants are also the territory's company contacts, marked as examples:
# consent given at the 9 September After Work, tagged, and a saved list to invite them.
EXAMPLE_CONTACT_TAGS = ["After Work", "Exemple"]
EXAMPLE_LIST = "Industriels de l'After Work (exemple)"


def load_example_contacts(territory, editor):
    """The example registrants as contacts of the territory with their consent, and a list
    of them; a second run changes nothing."""
    for first_name, last_name, email, organisation, job_title in EXAMPLE_REGISTRANTS:
        contact, _ = contacts.save_contact(
            territory,
            acting_user=editor,
            first_name=first_name,
            last_name=last_name,
            email=email,
            job_title=job_title,
            organisation_name=organisation,
        )
        Person.objects.filter(pk=contact.person_id).update(is_example=True)
        Organisation.objects.filter(pk=contact.person.organisation_id).update(is_example=True)
        if not contact.consents.exists():
            contacts.record_consent(
                contact,
                acting_user=editor,
                purpose=ConsentPurpose.INVITATIONS,
                given=True,
                on=LANGRES["date"],
                source=ConsentSource.MEETING,
                note="Exemple : consentement noté à l'After Work du 9 septembre 2019.",
            )
        contacts.set_tags(contact, EXAMPLE_CONTACT_TAGS, acting_user=editor, keep=True)
    if not ContactList.objects.filter(territory=territory, name=EXAMPLE_LIST).exists():
        tag = ContactTag.objects.get(territory=territory, name="After Work")
        contacts.save_contact_list(
            ContactList(
                territory=territory,
                name=EXAMPLE_LIST,
                tag=tag,
                with_consent=ConsentPurpose.INVITATIONS,
            ),
            acting_user=editor,
        )
    _backdate_contacts(territory)


# The example contacts were entered the morning after the After Work, their consent noted.
CONTACTS_ENTERED_AT = content.at(2019, 9, 10, 9)


def _backdate_contacts(territory):
    """The example contacts, their consent, organisations and list, and their events, as
    entered on CONTACTS_ENTERED_AT rather than on the day the demo loads."""
    when = CONTACTS_ENTERED_AT
    examples = Contact.objects.filter(territory=territory, person__is_example=True)
    contact_ids = list(examples.order_by("pk").values_list("pk", flat=True))
    organisation_ids = list(
        examples.exclude(person__organisation=None)
        .order_by("pk")
        .values_list("person__organisation_id", flat=True)
    )
    lists = ContactList.objects.filter(territory=territory, name=EXAMPLE_LIST)
    examples.update(added_at=when)
    Consent.objects.filter(contact_id__in=contact_ids).update(recorded_at=when)
    lists.update(created_at=when)
    AuditEvent.objects.filter(
        Q(object_type="organisations.contact", object_id__in=contact_ids)
        | Q(object_type="organisations.organisation", object_id__in=organisation_ids)
        | Q(object_type="organisations.contactlist", object_id__in=lists.values("pk")),
        territory=territory,
    ).update(at=when)
