"""The admin speaks French everywhere: every application and model of its index, ours
and the third-party ones (django-axes, django-tasks-db)."""

import re

import pytest
from django.urls import reverse

from ..factories import MembershipFactory, RegionFactory, ScopeFactory, UserFactory

pytestmark = pytest.mark.django_db

# Words of the English names Django and the packages give, that no French name holds.
ENGLISH = {
    "access", "attempt", "attempts", "authentication", "authorization", "backend",
    "database", "failure", "failures", "group", "groups", "log", "logs", "result",
    "results", "task", "tasks", "token", "tokens", "user", "users", "config", "configs",
}  # fmt: skip


@pytest.fixture
def app_list(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    return response.context["app_list"]


def test_no_english_application_or_model_name_in_the_admin_index(app_list):
    names = [app["name"] for app in app_list]
    names += [model["name"] for app in app_list for model in app["models"]]
    english = [name for name in names if set(re.findall(r"[a-z]+", name.lower())) & ENGLISH]
    assert not english, english


def test_login_attempts_tasks_and_tags_have_their_french_names(app_list):
    apps = {app["app_label"]: app for app in app_list}
    models = {
        f"{label}.{model['object_name']}": model["name"]
        for label, app in apps.items()
        for model in app["models"]
    }

    assert apps["axes"]["name"] == "Tentatives de connexion"
    assert apps["programmes"]["name"] == "Programmes"  # its Axes stay the programme's
    assert apps["django_tasks_database"]["name"] == "Tâches de fond"
    assert models["django_tasks_database.DBTaskResult"] == "Résultats des tâches"
    assert models["plans.Tag"] == "Mots-clés"


@pytest.mark.parametrize(
    ("changelist", "headers"),
    [
        ("admin:accounts_membership_changelist", ["Compte", "Territoire", "Rôle", "Créé le"]),
        (
            "admin:accounts_scope_changelist",
            ["Compte", "Périmètre", "Région", "Département", "Organisation représentée"],
        ),
    ],
)
def test_the_members_and_scopes_columns_read_in_french(client, changelist, headers):
    MembershipFactory()
    ScopeFactory(kind="region", region=RegionFactory())
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    page = client.get(reverse(changelist)).content.decode()
    thead = page.split('id="result_list"')[1].split("</thead>")[0]
    shown = re.findall(r'<div class="text">(?:<a [^>]*>|<span>)([^<]+)<', thead)
    assert shown == headers  # no longer User, Territory, Region, Department
