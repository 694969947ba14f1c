"""One rule says when two names denote the same organisation of the directory."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from territoires.organisations.names import ALIASES, identity_key

SAME = [
    ("Conseil régional du Grand Est", "Région Grand Est"),
    ("Conseil régional du Grand Est", "Région Grand-Est"),
    ("Conseil régional d'Ile de France", "Région Île-de-France"),
    ("Collectivité régionale de La Réunion", "Conseil régional de La Réunion"),
    ("Conseil départemental de l'Aube", "Département de l'Aube"),
    ("Conseil général de la Haute-Marne", "Conseil départemental de la Haute-Marne"),
    ("Préfecture de la Haute-Marne", "PREFECTURE DE LA HAUTE MARNE"),
    ("Préfecture de la région Grand Est", "Préfecture de région Grand Est"),
    ("Banque des Territoires", "Caisse des dépôts"),
    ("Banque des Territoires", "Caisse des Dépôts et Consignations"),
    ("Bpifrance", "BPI France"),
    ("Bpifrance", "Bpi France"),
    ("État", "Préfecture"),
    ("État", "Etat"),
    ("l'État", "Services de l'État"),
    ("ADEME", "Agence de la transition écologique"),
    ("Agence Nationale de l'Habitat (ANAH)", "Anah"),
    ("Agence nationale de la cohésion des territoires (ANCT)", "ANCT"),
    ("Commission européenne", "Union européenne"),
    ("Cerema", "CEREMA"),
]

DIFFERENT = [
    ("Région Grand Est", "Région Occitanie"),
    ("Conseil départemental de l'Aube", "Conseil départemental de l'Aude"),
    ("Région Grand Est", "Préfecture de région Grand Est"),  # the Région is not the State
    ("Département de la Haute-Marne", "Préfecture de la Haute-Marne"),
    ("Préfecture de la Haute-Marne", "État"),  # a prefecture with its place stays itself
    ("Banque des Territoires", "Bpifrance"),
    ("EPF d'Occitanie (EPF)", "EPF des Hauts-de-France (EPF)"),
]


@pytest.mark.parametrize(("one", "other"), SAME)
def test_names_of_one_organisation_share_a_key(one, other):
    assert identity_key(one) == identity_key(other)


@pytest.mark.parametrize(("one", "other"), DIFFERENT)
def test_names_of_two_organisations_do_not(one, other):
    assert identity_key(one) != identity_key(other)


def test_the_key_says_the_kind_and_the_place():
    assert identity_key("Conseil régional du Grand Est") == "region grand est"
    assert identity_key("Conseil départemental de l'Aube") == "departement aube"
    assert identity_key("BPI France") == "bpifrance"


_NAME = st.text(
    alphabet=st.sampled_from("abcdeéèêëfghiïjklmnoôpqrstuùvwxyzABCDÉEFGHIJKLMNOPQRSTUVWXYZ '’-()"),
    max_size=40,
)


@given(_NAME)
def test_case_accents_and_spacing_never_change_the_key(name):
    assert identity_key(name.upper()) == identity_key(name.lower())
    assert identity_key(f"  {name}  ") == identity_key(name)
    assert identity_key(name.replace(" ", "  ")) == identity_key(name)


@given(_NAME)
def test_the_key_is_stable(name):
    key = identity_key(name)
    assert identity_key(key) == key


@given(st.sampled_from(sorted(ALIASES)), st.sampled_from(sorted(ALIASES)))
def test_aliases_meet_exactly_when_the_table_says_so(one, other):
    assert (identity_key(one) == identity_key(other)) == (ALIASES[one] == ALIASES[other])
