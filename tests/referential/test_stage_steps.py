"""The date and document of each step of a territory (the signed protocol, the contract)
and its fragility: the services, the territory page's forms, the document's download."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from territoires.audit.models import AuditEvent
from territoires.programmes.services import ensure_territoires_d_industrie
from territoires.referential.models import StageChange
from territoires.referential.services import change_territory_stage, set_fragility

from ..factories import MembershipFactory, ScopeFactory, TerritoryFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4 protocole signe"


@pytest.fixture
def territory():
    return TerritoryFactory(code="4403", programme=ensure_territoires_d_industrie())


@pytest.fixture
def officer(territory):
    return ScopeFactory(kind="region", region=territory.region).user


def stage(territory, code):
    return territory.programme.stages.get(code=code)


def pdf(name="protocole.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def client_for(user=None):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def test_a_step_keeps_its_date_and_document(territory, officer):
    signed = datetime.date(2020, 2, 14)
    change = change_territory_stage(
        territory,
        stage(territory, "protocole-signe"),
        acting_user=officer,
        reached_on=signed,
        document=pdf(),
    )
    change.refresh_from_db()
    assert change.reached_on == signed and change.step_date == signed
    assert change.document_name == "protocole.pdf"
    assert change.document.read() == PDF
    event = AuditEvent.objects.get(verb="territory.stage_changed")
    assert event.data == {"reached_on": "2020-02-14", "document": "protocole.pdf"}


def test_without_a_date_the_step_is_dated_the_day_it_was_recorded(territory, officer):
    when = timezone.make_aware(datetime.datetime(2019, 3, 1, 10))
    change = change_territory_stage(
        territory, stage(territory, "labellise"), acting_user=officer, at=when
    )
    assert change.reached_on is None and change.step_date == datetime.date(2019, 3, 1)


def test_a_step_in_the_future_or_before_the_previous_one_is_refused(territory, officer):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        change_territory_stage(
            territory, stage(territory, "labellise"), acting_user=officer, reached_on=tomorrow
        )
    assert "à venir" in str(error.value.message_dict["reached_on"])
    change_territory_stage(
        territory,
        stage(territory, "labellise"),
        acting_user=officer,
        reached_on=datetime.date(2019, 5, 1),
    )
    with pytest.raises(ValidationError) as error:
        change_territory_stage(
            territory,
            stage(territory, "gouvernance-installee"),
            acting_user=officer,
            reached_on=datetime.date(2019, 4, 1),
        )
    assert "01/05/2019" in str(error.value.message_dict["reached_on"])
    assert StageChange.objects.count() == 1


def test_a_document_whose_content_is_not_its_extension_is_refused(territory, officer):
    with pytest.raises(ValidationError) as error:
        change_territory_stage(
            territory,
            stage(territory, "labellise"),
            acting_user=officer,
            document=pdf(content=b"MZ\x90 not a pdf"),
        )
    assert "ne correspond pas" in str(error.value.message_dict["document"])
    territory.refresh_from_db()
    assert territory.stage is None and not StageChange.objects.exists()


def test_fragility_needs_a_reason_and_is_recorded(territory, officer):
    with pytest.raises(ValidationError):
        set_fragility(territory, acting_user=officer, is_fragile=True, reason="  ")
    set_fragility(territory, acting_user=officer, is_fragile=True, reason="Pas de chef de projet")
    territory.refresh_from_db()
    assert territory.is_fragile and territory.fragile_reason == "Pas de chef de projet"
    set_fragility(territory, acting_user=officer, is_fragile=False, reason="ignored")
    territory.refresh_from_db()
    assert not territory.is_fragile and territory.fragile_reason == ""
    events = AuditEvent.objects.filter(verb="territory.fragility_changed").order_by("at", "pk")
    assert [e.changes[0]["new"] for e in events] == [True, False]


def test_members_of_the_territory_do_not_flag_it_fragile(territory):
    editor = MembershipFactory(territory=territory, role="editor").user
    with pytest.raises(PermissionDenied):
        set_fragility(territory, acting_user=editor, is_fragile=True, reason="x")


def test_the_page_records_a_step_with_its_date_and_document(territory, officer):
    client = client_for(officer)
    url = reverse("territories:stage", args=[territory.code])
    response = client.post(
        url,
        {
            "stage": stage(territory, "protocole-signe").pk,
            "reached_on": "2020-02-14",
            "document": pdf(),
            "comment": "",
        },
    )
    assert response.status_code == 302
    change = StageChange.objects.get()
    html = client_for().get(reverse("territories:detail", args=[territory.code])).content.decode()
    assert "14 février 2020" in html
    download = reverse("territories:stage_document", args=[territory.code, change.pk])
    assert download in html
    response = client_for().get(download)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert "protocole.pdf" in response["Content-Disposition"]


def test_a_bad_date_or_file_answers_400_in_french(territory, officer):
    url = reverse("territories:stage", args=[territory.code])
    response = client_for(officer).post(
        url,
        {"stage": stage(territory, "labellise").pk, "reached_on": "2020-13-45", "comment": ""},
    )
    assert response.status_code == 400
    assert "Saisissez une date valide" in response.content.decode()
    response = client_for(officer).post(
        url,
        {
            "stage": stage(territory, "labellise").pk,
            "document": SimpleUploadedFile("a.exe", b"MZ"),
            "comment": "",
        },
    )
    assert response.status_code == 400
    assert "Type de fichier refusé (.exe)" in response.content.decode()
    assert not StageChange.objects.exists()


def test_a_step_without_document_has_no_download(territory, officer):
    change = change_territory_stage(territory, stage(territory, "labellise"), acting_user=officer)
    response = client_for().get(
        reverse("territories:stage_document", args=[territory.code, change.pk])
    )
    assert response.status_code == 404


def test_fragility_is_set_from_the_page_and_hidden_from_the_public(territory, officer):
    url = reverse("territories:fragility", args=[territory.code])
    response = client_for(officer).post(url, {"is_fragile": "on", "fragile_reason": ""})
    assert response.status_code == 400
    assert "Indiquez pourquoi" in response.content.decode()
    response = client_for(officer).post(
        url, {"is_fragile": "on", "fragile_reason": "Ingénierie absente"}
    )
    assert response.status_code == 302
    page = reverse("territories:detail", args=[territory.code])
    assert "Ingénierie absente" in client_for(officer).get(page).content.decode()
    public = client_for().get(page).content.decode()
    assert "Ingénierie absente" not in public and 'id="fragile-badge"' not in public
    reader = MembershipFactory(territory=territory, role="reader").user
    html = client_for(reader).get(page).content.decode()
    assert "Ingénierie absente" in html and 'id="fragility-form"' not in html
    assert client_for(reader).post(url, {"is_fragile": ""}).status_code == 403


def test_a_document_is_added_then_replaced_on_a_recorded_step(
    territory, officer, django_capture_on_commit_callbacks
):
    change = change_territory_stage(
        territory, stage(territory, "contrat-signe"), acting_user=officer
    )
    url = reverse("territories:stage_document_add", args=[territory.code, change.pk])
    client = client_for(officer)
    assert client.post(url, {"document": pdf("contrat.pdf")}).status_code == 302
    change.refresh_from_db()
    first = change.document.name
    assert change.document_name == "contrat.pdf"
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, {"document": pdf("contrat-signe.pdf")}).status_code == 302
    change.refresh_from_db()
    assert change.document_name == "contrat-signe.pdf"
    assert not change.document.storage.exists(first)
    events = AuditEvent.objects.filter(verb="territory.stage_document_added").order_by("pk")
    assert [e.data["replaced"] for e in events] == ["", "contrat.pdf"]


def test_a_bad_document_on_a_step_answers_400_and_keeps_the_old_one(territory, officer):
    change = change_territory_stage(
        territory, stage(territory, "labellise"), acting_user=officer, document=pdf()
    )
    url = reverse("territories:stage_document_add", args=[territory.code, change.pk])
    response = client_for(officer).post(url, {"document": SimpleUploadedFile("x.exe", b"MZ")})
    assert response.status_code == 400
    assert "Type de fichier refusé (.exe)" in response.content.decode()
    response = client_for(officer).post(url, {})
    assert response.status_code == 400 and "Choisissez le fichier" in response.content.decode()
    change.refresh_from_db()
    assert change.document_name == "protocole.pdf"
    editor = MembershipFactory(territory=territory, role="editor").user
    assert client_for(editor).post(url, {"document": pdf()}).status_code == 403
