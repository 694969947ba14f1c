"""Password reset: the email is queued as a background task and sent by the worker."""

import re

import pytest
from django.core import mail
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from ..factories import UserFactory
from .worker import run_worker_once

LINK = re.compile(r"https?://[^/\s]+(/compte/mot-de-passe/nouveau/\S+/)")


@pytest.mark.django_db(transaction=True)
def test_reset_email_is_queued_then_sent_by_the_worker_and_its_link_sets_the_password(client):
    user = UserFactory(email="camille@example.org")

    response = client.post(reverse("accounts:password_reset"), {"email": "Camille@example.org"})

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert mail.outbox == []
    queued = DBTaskResult.objects.get()
    assert queued.task_path == "territoires.accounts.tasks.send_password_reset"

    run_worker_once()

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["camille@example.org"]
    assert message.subject == "Territoires d'industrie : choisir un nouveau mot de passe"
    assert "Bonjour" in message.body
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"

    path = LINK.search(message.body).group(1)
    form_page = client.get(path, follow=True)
    assert "Choisir un nouveau mot de passe" in form_page.content.decode()
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "Langres-Chaumont-2019", "new_password2": "Langres-Chaumont-2019"},
    )
    assert done["Location"] == reverse("accounts:password_reset_complete")
    user.refresh_from_db()
    assert user.check_password("Langres-Chaumont-2019")


@pytest.mark.django_db(transaction=True)
def test_unknown_address_gets_the_same_answer_and_no_email(client):
    response = client.post(reverse("accounts:password_reset"), {"email": "personne@example.org"})

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_reset_done")
    run_worker_once()
    assert mail.outbox == []


@pytest.mark.django_db(transaction=True)
def test_member_without_password_yet_can_ask_for_the_link(client):
    user = UserFactory(email="nouveau@example.org")
    user.set_unusable_password()
    user.save()

    client.post(reverse("accounts:password_reset"), {"email": "nouveau@example.org"})
    run_worker_once()

    assert [message.to for message in mail.outbox] == [["nouveau@example.org"]]


@pytest.mark.django_db
def test_reset_pages_are_in_french(client):
    assert "Mot de passe oublié" in client.get(reverse("accounts:password_reset")).content.decode()
    done = client.get(reverse("accounts:password_reset_done")).content.decode()
    assert "Vérifiez votre messagerie" in done
    invalid = client.get(
        reverse("accounts:password_reset_confirm", kwargs={"uidb64": "MQ", "token": "faux"})
    ).content.decode()
    assert "Ce lien n'est plus valable" in invalid
