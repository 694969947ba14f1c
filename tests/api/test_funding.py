"""API v1, funding: the catalogue of schemes and its filters, a fiche's financing plan
(read and add a line), the suggested schemes with their reasons and source address."""

import datetime

import pytest

from territoires.funding.models import FundingLine, Recurrence

from ..factories import FundingLineFactory, OrganisationFactory, SchemeFactory

pytestmark = pytest.mark.django_db
API = "/api/v1"


@pytest.fixture
def catalogue(world):
    bank = OrganisationFactory(name="Banque des Territoires", kind="national_operator")
    attirer = world.territory_a.programme.axes.get(code="attirer")
    national = SchemeFactory(
        name="Fonds friches", description="Recycler le foncier.", beneficiaries=["epci"]
    )
    national.financers.add(bank)
    national.axes.add(attirer)
    grand_est = SchemeFactory(
        name="Friches du Grand Est", places=["r44"], beneficiaries=["commune", "epci"]
    )
    morbihan = SchemeFactory(name="Foncier du Morbihan", places=["d56"])
    closed = SchemeFactory(
        name="Appel clos", recurrence=Recurrence.ONE_OFF, deadline=datetime.date(2020, 1, 1)
    )
    return {
        "bank": bank,
        "national": national,
        "grand_est": grand_est,
        "morbihan": morbihan,
        "closed": closed,
    }


def names(response):
    return [item["name"] for item in response.json()["items"]]


def test_the_catalogue_is_public_with_source_addresses(api_client, catalogue):
    response = api_client.get(f"{API}/schemes/")
    assert response.status_code == 200
    assert names(response) == [
        "Appel clos",
        "Foncier du Morbihan",
        "Fonds friches",
        "Friches du Grand Est",
    ]
    first = response.json()["items"][2]
    assert first["source_url"] == catalogue["national"].source_url
    assert first["financers"] == [{"id": catalogue["bank"].pk, "name": "Banque des Territoires"}]
    assert first["axes"] == [{"code": "attirer", "name": "Attirer"}]
    assert first["is_open"] is True


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("open=true", ["Foncier du Morbihan", "Fonds friches", "Friches du Grand Est"]),
        ("open=false", ["Appel clos"]),
        ("axis=attirer", ["Fonds friches"]),
        ("beneficiary=commune", ["Friches du Grand Est"]),
        ("region=44", ["Appel clos", "Fonds friches", "Friches du Grand Est"]),
        ("region=53&open=true", ["Foncier du Morbihan", "Fonds friches"]),
        ("q=friches", ["Fonds friches", "Friches du Grand Est"]),
    ],
)
def test_the_catalogue_filters(api_client, catalogue, query, expected):
    assert names(api_client.get(f"{API}/schemes/?{query}")) == expected


def test_bad_filters_are_french_422(api_client, catalogue):
    response = api_client.get(f"{API}/schemes/?region=99")
    assert response.status_code == 422
    assert response.json()["error"]["message"] == "Région inconnue : « 99 »."
    assert api_client.get(f"{API}/schemes/?beneficiary=martiens").status_code == 422


def test_a_scheme_s_detail_and_an_unknown_one(api_client, catalogue):
    scheme = catalogue["national"]
    response = api_client.get(f"{API}/schemes/{scheme.pk}/")
    assert response.status_code == 200
    body = response.json()
    assert body["description"] == "Recycler le foncier." and body["source_url"] == scheme.source_url
    assert api_client.get(f"{API}/schemes/999999/").status_code == 404


def test_the_financing_plan_is_read_by_the_territory_only(
    api_client, as_user, world, reader_a, catalogue
):
    sheet = world.public_a
    sheet.budget_total = 100000
    sheet.save()
    FundingLineFactory(sheet=sheet, financer=catalogue["bank"], amount=30000, status="granted")
    url = f"{API}/action-sheets/{sheet.pk}/funding/"
    response = api_client.get(url, **as_user(reader_a))
    assert response.status_code == 200
    body = response.json()
    assert body["committed"] == "30000.00" and body["remaining"] == "70000.00"
    assert body["lines"][0]["financer"]["name"] == "Banque des Territoires"
    assert api_client.get(url).status_code == 403
    outsider = world.member(world.territory_b)
    assert api_client.get(url, **as_user(outsider)).status_code == 403
    hidden = f"{API}/action-sheets/{world.restricted_a.pk}/funding/"
    assert api_client.get(hidden, **as_user(outsider)).status_code == 404


def test_an_editor_posts_a_line_and_bad_input_is_a_french_422(
    api_client, as_user, world, editor_a, reader_a, catalogue
):
    url = f"{API}/action-sheets/{world.public_a.pk}/funding/"
    headers = as_user(editor_a)
    created = api_client.post(
        url,
        {"scheme_id": catalogue["national"].pk, "amount": "12500.50"},
        content_type="application/json",
        **headers,
    )
    assert created.status_code == 201
    assert created.json()["financer"]["id"] == catalogue["bank"].pk
    assert created.json()["status"] == "considered" and created.json()["amount"] == "12500.50"
    for payload, field, message in [
        (
            {"financer_id": catalogue["bank"].pk, "amount": "-1"},
            "amount",
            "Un montant ne peut pas être négatif.",
        ),
        (
            {"financer_id": catalogue["bank"].pk, "amount": "beaucoup"},
            "amount",
            "Montant « beaucoup » invalide",
        ),
        ({"financer_id": 999999, "amount": "10"}, "financer", "Financeur inconnu."),
    ]:
        refused = api_client.post(url, payload, content_type="application/json", **headers)
        assert refused.status_code == 422, payload
        assert message in str(refused.json()["error"]), payload
        assert field in str(refused.json()["error"]["details"]), payload
    forbidden = api_client.post(
        url,
        {"financer_id": catalogue["bank"].pk, "amount": "1"},
        content_type="application/json",
        **as_user(reader_a),
    )
    assert forbidden.status_code == 403
    assert FundingLine.objects.count() == 1


def test_suggested_schemes_are_ranked_with_reasons_and_source(api_client, world, catalogue):
    world.public_a.title = "Reconvertir les friches et le foncier"
    world.public_a.save()
    response = api_client.get(f"{API}/action-sheets/{world.public_a.pk}/suggested-schemes/")
    assert response.status_code == 200
    items = response.json()
    assert [item["name"] for item in items] == ["Fonds friches", "Friches du Grand Est"]
    assert items[0]["source_url"] == catalogue["national"].source_url
    assert items[0]["reasons"][:3] == ["axe Attirer", "éligible aux EPCI", "national"]
    assert items[0]["score"] > items[1]["score"]
    assert "Grand Est" in items[1]["reasons"]
    hidden = f"{API}/action-sheets/{world.restricted_a.pk}/suggested-schemes/"
    assert api_client.get(hidden).status_code == 404


def test_funding_endpoint_queries(sql_snapshot, api_client, as_user, world, reader_a, catalogue):
    for status in ("considered", "granted"):
        FundingLineFactory(sheet=world.public_a, financer=catalogue["bank"], status=status)
    headers = as_user(reader_a)
    with sql_snapshot():
        response = api_client.get(f"{API}/action-sheets/{world.public_a.pk}/funding/", **headers)
        assert response.status_code == 200
        assert api_client.get(f"{API}/schemes/?open=true&region=44").status_code == 200
