"""The CSV import of contacts: a preview that writes nothing, then every line or none;
errors named by line and column; a second import of the same file changes nothing."""

import base64
import csv
import io

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from territoires.audit.models import AuditEvent
from territoires.organisations import contact_import
from territoires.organisations.models import Consent, Contact, Organisation, Person

from ..factories import OrganisationFactory

pytestmark = pytest.mark.django_db

HEADER = (
    "Prénom;Nom;Courriel;Entreprise;SIRET;Étiquettes;Consentement invitations;Date du consentement"
)
ROWS = [
    "Arnaud;Gauthier;arnaud.gauthier@stef.example;STEF TFE;;Logistique, After Work;oui;09/09/2019",
    "Léa;Martin;LEA@forges.example;Forges de Bologne;73282932000074;;;",
]


def csv_bytes(*rows, header=HEADER):
    return ("\n".join([header, *rows]) + "\n").encode()


def test_the_preview_says_what_each_line_would_do_and_writes_nothing(territory, editor):
    OrganisationFactory(name="Stef TFE")
    preview = contact_import.preview(territory, csv_bytes(*ROWS), acting_user=editor)
    assert preview.errors == []
    assert [(r.line, r.action) for r in preview.rows] == [(2, "create"), (3, "create")]
    assert preview.rows[0].organisation.name == "Stef TFE" and not preview.rows[0].new_company
    assert preview.rows[1].new_company
    assert not Contact.objects.exists() and not Person.objects.exists()
    assert Organisation.objects.count() == 1


def test_importing_writes_contacts_tags_consent_and_companies(territory, editor):
    contact_import.apply(territory, csv_bytes(*ROWS), acting_user=editor)
    arnaud = Contact.objects.get(person__email="arnaud.gauthier@stef.example")
    assert sorted(arnaud.tags.values_list("name", flat=True)) == ["After Work", "Logistique"]
    consent = Consent.objects.get(contact=arnaud)
    assert consent.given and consent.on.isoformat() == "2019-09-09" and consent.source == "import"
    lea = Contact.objects.get(person__email="lea@forges.example")
    assert lea.person.organisation.siret == "73282932000074"
    assert lea.person.organisation.kind == "company"


def test_importing_the_same_file_twice_changes_nothing_the_second_time(territory, editor):
    content = csv_bytes(*ROWS)
    contact_import.apply(territory, content, acting_user=editor)
    events = AuditEvent.objects.count()
    again = contact_import.preview(territory, content, acting_user=editor)
    assert [r.action for r in again.rows] == ["unchanged", "unchanged"]
    contact_import.apply(territory, content, acting_user=editor)
    assert AuditEvent.objects.count() == events
    assert Contact.objects.count() == 2 and Organisation.objects.count() == 2


def test_a_changed_line_is_an_update_and_an_empty_cell_erases_nothing(territory, editor):
    contact_import.apply(territory, csv_bytes(*ROWS), acting_user=editor)
    changed = "Arnaud;Gauthier-Roy;arnaud.gauthier@stef.example;;;;non;2020-01-02"
    preview = contact_import.preview(territory, csv_bytes(changed), acting_user=editor)
    assert preview.rows[0].action == "update"
    assert preview.rows[0].changes == ["nom", "consentement"]
    contact_import.apply(territory, csv_bytes(changed), acting_user=editor)
    person = Person.objects.get(email="arnaud.gauthier@stef.example")
    assert person.last_name == "Gauthier-Roy" and person.organisation.name == "STEF TFE"
    assert Consent.objects.filter(contact__person=person).count() == 2


@pytest.mark.parametrize(
    ("row", "where", "words"),
    [
        ("A;B;pas-une-adresse;;;;;", "ligne 2, colonne « Courriel »", "invalide"),
        ("A;B;a@b.example;Usine;12345678901234;;;", "ligne 2, colonne « SIRET »", "SIRET"),
        ("A;B;a@b.example;;;;peut-être;", "ligne 2, colonne « Consentement", "oui ou non"),
        ("A;B;a@b.example;;;;oui;", "ligne 2, colonne « Date du consentement »", "date"),
        (";;a@b.example;;;;;", "ligne 2, colonne « Nom »", "nom ou le prénom"),
        ("A;B\x00;a@b.example;;;;;", "ligne 2, colonne « Nom »", "caractère nul"),
        ("A;B;a@b.example;;73282932000074;;;", "ligne 2, colonne « Entreprise »", "nom"),
    ],
)
def test_a_wrong_line_is_named_by_line_and_column_and_nothing_is_written(
    territory, editor, row, where, words
):
    content = csv_bytes(row, ROWS[1])
    with pytest.raises(contact_import.ImportRefused) as refused:
        contact_import.apply(territory, content, acting_user=editor)
    errors = refused.value.preview.errors
    assert any(w.startswith(where) and words in m for w, m in errors), errors
    assert not Contact.objects.exists() and not Person.objects.exists()


def test_the_same_address_twice_in_the_file_is_refused_on_its_second_line(territory, editor):
    content = csv_bytes(ROWS[0], ROWS[0].replace("Arnaud", "Arno"))
    preview = contact_import.preview(territory, content, acting_user=editor)
    assert preview.errors == [
        ("ligne 3, colonne « Courriel »", "adresse déjà à la ligne 2 du fichier")
    ]


def test_an_unclosed_quote_names_the_line_where_it_opened(territory, editor):
    content = csv_bytes(ROWS[0], 'A;"B;c@d.example;;;;;', ROWS[1])
    preview = contact_import.preview(territory, content, acting_user=editor)
    assert "guillemet ouvert à la ligne 3" in preview.errors[0][1]


def test_a_file_without_the_email_column_is_refused(territory, editor):
    preview = contact_import.preview(territory, b"Nom,Ville\nMartin,Langres\n", acting_user=editor)
    assert ("ligne 1", "colonne « Courriel » absente de la première ligne") in preview.errors


def test_commas_windows_1252_and_unknown_columns_are_read(territory, editor):
    content = "Nom,Courriel,Ville\nHélène,h@e.example,Langres\n".encode("cp1252")
    preview = contact_import.preview(territory, content, acting_user=editor)
    assert preview.errors == [] and preview.ignored == ["Ville"]
    assert preview.rows[0].person.last_name == "Hélène"


def test_only_the_territory_managers_import(territory, reader):
    with pytest.raises(PermissionDenied):
        contact_import.preview(territory, csv_bytes(*ROWS), acting_user=reader)


# Property tests ------------------------------------------------------------------------

CELLS = st.one_of(
    st.text(max_size=20),
    st.text(alphabet='=+-@";,\t\r\n\x00 aé', max_size=8),
    st.sampled_from(["oui", "non", "", "09/09/2019", "73282932000074", "x@y.example", "A B"]),
)


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(rows=st.lists(st.lists(CELLS, min_size=0, max_size=9), max_size=5))
def test_any_rows_give_an_import_or_a_line_numbered_refusal(territory, editor, rows):
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";").writerows(rows)
    content = (HEADER + "\n" + buffer.getvalue()).encode()
    before = (Contact.objects.count(), Person.objects.count(), Organisation.objects.count())
    try:
        contact_import.apply(territory, content, acting_user=editor)
    except contact_import.ImportRefused as refused:
        assert all(where.startswith("ligne ") for where, _ in refused.preview.errors)
        after = (Contact.objects.count(), Person.objects.count(), Organisation.objects.count())
        assert after == before
    else:
        again = contact_import.preview(territory, content, acting_user=editor)
        assert all(row.action == "unchanged" for row in again.rows)


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(content=st.binary(max_size=300))
def test_any_bytes_give_an_import_or_a_refusal(territory, editor, content):
    before = Contact.objects.count()
    try:
        contact_import.apply(territory, content, acting_user=editor)
    except contact_import.ImportRefused:
        assert Contact.objects.count() == before


# The page ------------------------------------------------------------------------------


def url(territory):
    return reverse("contacts:import", args=[territory.code])


def test_upload_then_preview_then_confirm(territory, editor, login):
    client = login(editor)
    upload = SimpleUploadedFile("contacts.csv", csv_bytes(*ROWS), content_type="text/csv")
    response = client.post(url(territory), {"file": upload})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Aperçu : rien n’est encore enregistré" in body and "Confirmer l’import" in body
    assert "arnaud.gauthier@stef.example" in body and not Contact.objects.exists()
    content = base64.b64encode(csv_bytes(*ROWS)).decode()
    response = client.post(url(territory), {"content": content})
    assert response.status_code == 302 and Contact.objects.count() == 2
    body = client.get(response.url).content.decode()
    assert "Import terminé : 2 contacts créés, 0 mis à jour, 0 inchangé." in body


def test_a_wrong_file_shows_its_errors_and_no_confirm_button(territory, editor, login):
    upload = SimpleUploadedFile("c.csv", csv_bytes("A;B;pas-une-adresse;;;;;"))
    response = login(editor).post(url(territory), {"file": upload})
    body = response.content.decode()
    assert response.status_code == 400
    assert "ligne 2, colonne « Courriel »" in body and "Confirmer l’import" not in body


def test_a_forged_content_is_a_french_400(territory, editor, login):
    response = login(editor).post(url(territory), {"content": "%%%"})
    assert response.status_code == 400
    assert "Fichier illisible" in response.content.decode()
