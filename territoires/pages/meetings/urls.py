"""Meeting URLs, included at the site root: /territoires/<territory_code>/rencontres/..."""

from django.urls import path

from . import (
    agenda_views,
    checkin_views,
    feedback_views,
    followup_views,
    invitation_views,
    registration_views,
    views,
)

app_name = "meetings"

MEETINGS = "territoires/<str:territory_code>/rencontres/"
MEETING = MEETINGS + "<int:pk>/"

urlpatterns = [
    path(MEETINGS, views.meeting_list, name="list"),
    path(MEETINGS + "rencontres.ics", views.territory_feed, name="feed"),
    path(MEETINGS + "nouvelle/", views.meeting_create, name="create"),
    path(MEETINGS + "besoins/", feedback_views.needs_matrix, name="needs"),
    path(MEETING, views.meeting_detail, name="detail"),
    path(MEETING + "modifier/", views.meeting_edit, name="edit"),
    path(MEETING + "statut/", views.meeting_status, name="status"),
    path(MEETING + "ordre-du-jour/", agenda_views.agenda, name="agenda"),
    path(MEETING + "ordre-du-jour/ajouter/", agenda_views.agenda_add, name="agenda_add"),
    path(
        MEETING + "ordre-du-jour/<int:item_pk>/modifier/",
        agenda_views.agenda_item,
        name="agenda_item",
    ),
    path(
        MEETING + "ordre-du-jour/<int:item_pk>/deplacer/",
        agenda_views.agenda_move,
        name="agenda_move",
    ),
    path(
        MEETING + "ordre-du-jour/<int:item_pk>/retirer/",
        agenda_views.agenda_remove,
        name="agenda_remove",
    ),
    path(MEETING + "rencontre.ics", views.meeting_ics, name="ics"),
    path(MEETING + "inscription/", registration_views.register, name="register"),
    path(MEETING + "invitations/", invitation_views.invitation_list, name="invitations"),
    path(
        MEETING + "invitations/relance/",
        invitation_views.invitation_remind,
        name="invitations_remind",
    ),
    path(MEETING + "accueil/", checkin_views.checkin, name="checkin"),
    path(
        MEETING + "accueil/<int:registration_pk>/present/",
        checkin_views.checkin_mark,
        name="checkin_mark",
    ),
    path(MEETING + "emargement.pdf", checkin_views.sign_in_sheet, name="sign_in_sheet"),
    path(MEETING + "qr-codes/", feedback_views.qr_codes, name="qr_codes"),
    path(MEETING + "compte-rendu/", feedback_views.meeting_report, name="report"),
    path(MEETING + "compte-rendu.pdf", feedback_views.meeting_report_pdf, name="report_pdf"),
    path(MEETING + "compte-rendu.docx", feedback_views.meeting_report_docx, name="report_docx"),
    path(MEETING + "suites/", followup_views.follow_up_list, name="follow_ups"),
    path(
        MEETING + "suites/<int:follow_up_pk>/modifier/",
        followup_views.follow_up_edit,
        name="follow_up_edit",
    ),
    path(
        MEETING + "suites/<int:follow_up_pk>/etat/",
        followup_views.follow_up_status,
        name="follow_up_status",
    ),
    path(
        MEETING + "suites/<int:follow_up_pk>/retirer/",
        followup_views.follow_up_remove,
        name="follow_up_remove",
    ),
    path(
        MEETING + "oublis/<int:feedback_pk>/fiche/", feedback_views.oubli_draft, name="oubli_draft"
    ),
    path(
        MEETING + "oublis/<int:feedback_pk>/rattacher/",
        feedback_views.oubli_attach,
        name="oubli_attach",
    ),
    # A fiche's feedback form, reached by the QR code printed for the meeting.
    path("rencontres/avis/<str:token>/", feedback_views.give_feedback, name="feedback"),
    # The invited person's answer (yes / no), reached by the personal link of the email.
    path(
        "rencontres/invitation/<str:token>/", invitation_views.invitation_answer, name="invitation"
    ),
    # The registrant's personal page (see, cancel), reached by the token of the email.
    path(
        "rencontres/inscription/<str:token>/", registration_views.registration, name="registration"
    ),
]
