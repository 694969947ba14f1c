"""Feedback on the fiches through their QR codes: the form without an account, sanitised
texts, one answer per address, links forged, altered, expired; the synthesis."""

import datetime

import pytest
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from territoires.audit.models import AuditEvent
from territoires.core.errors import StaleEditError
from territoires.meetings import feedback, services
from territoires.meetings.models import SheetFeedback

from ..factories import ActionSheetFactory, MeetingFactory, RegistrationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(territory, editor):
    meeting = MeetingFactory(territory=territory, date=timezone.localdate())
    sheets = [
        ActionSheetFactory(territory=territory, code="F8", title="Attractivité des métiers"),
        ActionSheetFactory(territory=territory, code="F9", title="Formation maintenance"),
    ]
    services.set_agenda(
        meeting,
        acting_user=editor,
        expected_version=1,
        items=[{"title": "Les fiches", "sheets": [(s, None) for s in sheets]}],
    )
    meeting.sheets = {s.code: s for s in sheets}
    return meeting


def answer(**extra):
    return {
        "interest": "ready_to_commit",
        "needs": ["training", "recruitment"],
        "needs_other": "",
        "commitments": ["apprentices"],
        "commitments_other": "",
        "comment": "<script>alert('x')</script>Très <b>utile</b> & concret",
        "forgotten_topic": "",
        "first_name": "Claude",
        "last_name": "Industriel",
        "email": "claude@usine.example",
        "organisation_name": "Forges de Bologne",
        **extra,
    }


def link(meeting, code):
    return feedback.feedback_path(meeting, meeting.sheets[code])


def test_a_company_gives_its_feedback_through_the_qr_link(client, meeting):
    registration = RegistrationFactory(meeting=meeting, email="claude@usine.example")
    page = client.get(link(meeting, "F8"))
    assert page.status_code == 200
    assert "F8 Attractivité des métiers" in page.content.decode()
    done = client.post(link(meeting, "F8"), answer())
    assert done.status_code == 200
    assert "Merci, votre avis est enregistré" in done.content.decode()
    saved = SheetFeedback.objects.get()
    assert saved.sheet == meeting.sheets["F8"] and saved.registration == registration
    assert saved.comment == "Très utile & concret"
    assert saved.needs == ["recruitment", "training"]  # in the list's order
    assert saved.need_labels == ["Recrutement", "Formation"]
    assert AuditEvent.objects.filter(verb="meeting.feedback_given").count() == 1


def test_the_same_address_cannot_answer_twice_for_a_fiche(client, meeting):
    client.post(link(meeting, "F8"), answer())
    client.cookies.clear()  # another browser: it does not hold the answer's secret
    again = client.post(link(meeting, "F8"), answer(email="CLAUDE@usine.example", comment="Non"))
    assert again.status_code == 409
    body = again.content.decode()
    assert "déjà été donné avec cette adresse" in body and "Rien n’a été enregistré" in body
    assert SheetFeedback.objects.get().comment == "Très utile & concret"
    assert client.post(link(meeting, "F9"), answer()).status_code == 200


def test_a_forged_or_altered_link_writes_nothing(client, meeting):
    token = feedback.feedback_token(meeting, meeting.sheets["F8"])
    altered = signing.dumps({"m": meeting.pk, "s": meeting.sheets["F9"].pk + 100}, salt="x")
    for bad in ("nimporte-quoi", token[:-2] + "xx", altered):
        response = client.post(reverse("meetings:feedback", args=[bad]), answer())
        assert response.status_code == 404
        assert "Ce lien d&#x27;avis n&#x27;est pas valable" in response.content.decode()
    not_presented = ActionSheetFactory(territory=meeting.territory, code="F1")
    response = client.post(feedback.feedback_path(meeting, not_presented), answer())
    assert response.status_code == 404
    assert not SheetFeedback.objects.exists()


def test_an_expired_link_says_until_when_and_writes_nothing(client, meeting):
    meeting.date = timezone.localdate() - datetime.timedelta(days=31)
    meeting.save()
    response = client.post(link(meeting, "F8"), answer())
    assert response.status_code == 410
    assert "étaient ouverts jusqu" in response.content.decode()
    assert not SheetFeedback.objects.exists()


def test_other_needs_a_text_and_the_interest_is_required(client, meeting):
    response = client.post(link(meeting, "F8"), answer(needs=["other"], interest=""))
    body = response.content.decode()
    assert "Précisez « Autre »." in body or "Ce champ est obligatoire." in body
    response = client.post(link(meeting, "F8"), answer(needs=["other"]))
    assert "Précisez « Autre »." in response.content.decode()
    assert not SheetFeedback.objects.exists()


def test_the_meeting_page_shows_the_synthesis_to_the_territory_only(client, meeting, reader):
    client.post(link(meeting, "F8"), answer())
    client.cookies.clear()  # another person's phone
    client.post(
        link(meeting, "F8"),
        answer(
            email="alix@atelier.example",
            organisation_name="Atelier Alix",
            interest="interested",
            needs=["land"],
            forgotten_topic="Une crèche inter-entreprises",
        ),
    )
    detail = reverse("meetings:detail", args=[meeting.territory.code, meeting.pk])
    assert "Avis des entreprises" not in client.get(detail).content.decode()
    client.force_login(reader)
    body = client.get(detail).content.decode()
    assert "Avis des entreprises" in body
    assert "Prêt à s&#x27;engager : 1" in body and "Intéressé : 1" in body
    assert "Forges de Bologne (Accueil d&#x27;apprentis)" in body
    assert "Formation : 1" in body and "Foncier et immobilier : 1" in body
    assert "« Une crèche inter-entreprises » (Atelier Alix)" in body


def test_the_qr_codes_page_is_for_the_organisers(client, meeting, editor, reader):
    url = reverse("meetings:qr_codes", args=[meeting.territory.code, meeting.pk])
    client.force_login(reader)
    assert client.get(url).status_code == 403
    client.force_login(editor)
    body = client.get(url).content.decode()
    assert body.count('<svg width="') == 2
    assert "F9 Formation maintenance" in body
    assert "/rencontres/avis/" in body


def test_the_fiche_page_shows_its_feedback_to_the_territory_only(client, meeting, reader):
    client.post(link(meeting, "F8"), answer())
    page = meeting.sheets["F8"].get_absolute_url()
    assert "Avis des entreprises" not in client.get(page).content.decode()
    client.force_login(reader)
    body = client.get(page).content.decode()
    assert "Avis des entreprises (1)" in body
    assert "Forges de Bologne (Accueil d&#x27;apprentis)" in body
    assert "Recrutement (1), Formation (1)" in body


# Its author sees and edits an answer: re-opening the same signed link from the browser
# that gave it, or signed in as its author (also from the fiche page); nobody else; edits
# audit-logged, stale edits refused, closed with the link.


def edit(**extra):
    data = answer(**extra)
    data.pop("email")
    return data


def test_reopening_the_link_from_the_same_browser_shows_the_answer_to_edit(client, meeting):
    client.post(link(meeting, "F8"), answer(comment="Premier avis"))
    page = client.get(link(meeting, "F8")).content.decode()
    assert "Vous avez donné votre avis le" in page and "Premier avis" in page
    assert "Enregistrer mes modifications" in page
    saved = SheetFeedback.objects.get()
    done = client.post(
        link(meeting, "F8"), edit(comment="Avis revu", interest="interested", version=1)
    )
    assert done.status_code == 200 and "Votre avis est modifié" in done.content.decode()
    saved.refresh_from_db()
    assert (saved.comment, saved.interest, saved.version) == ("Avis revu", "interested", 2)
    assert saved.email == "claude@usine.example"
    event = AuditEvent.objects.get(verb="meeting.feedback_updated")
    assert {c["field"] for c in event.changes} == {"comment", "interest"}
    assert SheetFeedback.objects.count() == 1


def test_another_browser_does_not_see_the_answer(client, meeting):
    client.post(link(meeting, "F8"), answer(comment="Confidentiel"))
    client.cookies.clear()
    page = client.get(link(meeting, "F8")).content.decode()
    assert "Confidentiel" not in page and "Envoyer mon avis" in page


def test_a_forged_cookie_is_ignored(client, meeting):
    client.post(link(meeting, "F8"), answer(comment="Confidentiel"))
    saved = SheetFeedback.objects.get()
    client.cookies["ti_avis"] = f'{{"{saved.pk}": "{saved.edit_token}"}}'  # not signed
    page = client.get(link(meeting, "F8")).content.decode()
    assert "Confidentiel" not in page


def test_a_stale_edit_is_refused_and_keeps_the_current_answer(client, meeting):
    client.post(link(meeting, "F8"), answer(comment="Premier avis"))
    saved = SheetFeedback.objects.get()
    feedback.update_feedback(
        saved,
        acting_user=None,
        expected_version=1,
        edit_token=saved.edit_token,
        **{k: v for k, v in edit(comment="Depuis le téléphone").items()},
    )
    response = client.post(link(meeting, "F8"), edit(comment="Depuis l'ordinateur", version=1))
    assert response.status_code == 409
    assert "modifié entre-temps" in response.content.decode()
    saved.refresh_from_db()
    assert saved.comment == "Depuis le téléphone"


def test_a_signed_in_author_edits_from_the_fiche_page(client, meeting, territory):
    author = UserFactory(email="claude@usine.example")
    client.post(link(meeting, "F8"), answer(comment="Avis anonyme"))
    client.cookies.clear()
    client.force_login(author)
    sheet = meeting.sheets["F8"]
    page = client.get(sheet.get_absolute_url()).content.decode()
    assert "Vos avis sur cette fiche" in page and "Voir et modifier mon avis" in page
    assert link(meeting, "F8") in page
    form = client.get(link(meeting, "F8")).content.decode()
    assert "Avis anonyme" in form
    client.post(link(meeting, "F8"), edit(comment="Avis signé", version=1))
    assert SheetFeedback.objects.get().comment == "Avis signé"


def test_nobody_else_edits_an_answer(meeting):
    given = feedback.give_feedback(
        meeting, meeting.sheets["F8"], acting_user=None, **answer(comment="À moi")
    )
    stranger = UserFactory(email="autre@usine.example")
    for user, token in ((stranger, None), (None, "faux"), (None, None)):
        with pytest.raises(PermissionDenied):
            feedback.update_feedback(
                given, acting_user=user, expected_version=1, edit_token=token, **edit()
            )
    assert SheetFeedback.objects.get().comment == "À moi"


def test_an_answer_is_no_longer_edited_once_the_link_has_expired(meeting):
    given = feedback.give_feedback(meeting, meeting.sheets["F8"], acting_user=None, **answer())
    meeting.date = timezone.localdate() - datetime.timedelta(days=feedback.FEEDBACK_DAYS + 1)
    meeting.save()
    with pytest.raises(ValidationError):
        feedback.update_feedback(
            given, acting_user=None, expected_version=1, edit_token=given.edit_token, **edit()
        )


def test_an_oubli_taken_up_keeps_its_text(meeting):
    given = feedback.give_feedback(
        meeting, meeting.sheets["F8"], acting_user=None, **answer(forgotten_topic="Une crèche")
    )
    SheetFeedback.objects.filter(pk=given.pk).update(topic_status="drafted")
    with pytest.raises(ValidationError) as error:
        feedback.update_feedback(
            given,
            acting_user=None,
            expected_version=1,
            edit_token=given.edit_token,
            **edit(forgotten_topic="Autre chose"),
        )
    assert "ne se modifie plus" in str(error.value)
    with pytest.raises(StaleEditError):  # the refused edit claimed nothing
        feedback.update_feedback(
            given, acting_user=None, expected_version=2, edit_token=given.edit_token, **edit()
        )


def test_a_shared_phone_gives_another_persons_answer_on_demand(client, meeting):
    client.post(link(meeting, "F8"), answer(comment="Avis de Claude"))
    page = client.get(link(meeting, "F8")).content.decode()
    assert "Donner un autre avis" in page
    other = link(meeting, "F8") + "?nouvel=1"
    assert "Avis de Claude" not in client.get(other).content.decode()
    client.post(other, answer(email="alix@atelier.example", comment="Avis d'Alix"))
    assert SheetFeedback.objects.count() == 2
    assert SheetFeedback.objects.get(email="claude@usine.example").comment == "Avis de Claude"
    page = client.get(link(meeting, "F8")).content.decode()
    assert "Avis d&#x27;Alix" in page  # the latest answer given from this phone
