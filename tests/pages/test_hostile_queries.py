"""Every page, asked with hostile query strings (a page number past any, a negative one,
words where numbers go, very long search text, unknown filter values), answers a page or
a French 4xx, never a 500: the pages that paginate use Paginator.get_page (the last page
past the end), and filters ignore or refuse what they do not know (issue 5 §2)."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from ..factories import ActionSheetFactory

pytestmark = pytest.mark.django_db

QUERIES = [
    "page=99999999999999999999&axis=inconnu&status=inconnu&territory=0000&region=99&sort=zzz",
    "page=-1&q=" + "usine " * 100,
    "page=abc&per_page=99999999999999999999&page_size=0&year=99999999999999999999",
]
PARAMETER = re.compile(r"<(?:(\w+):)?(\w+)>")


def _routes(resolver, prefix=""):
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            if not route.startswith(("admin/", "api/")):
                yield from _routes(entry, route)
        elif isinstance(entry, URLPattern):
            yield route


def _pages(territory, sheet):
    values = {"territory_code": territory.code, "code": sheet.code, "pk": "1"}
    for route in _routes(get_resolver()):
        if "(?P" in route or route.startswith(("admin/", "api/", "static/", "media/")):
            continue
        names = [name for _, name in PARAMETER.findall(route)]
        if any(name not in values for name in names):
            continue
        yield "/" + PARAMETER.sub(lambda m: values[m.group(2)], route)


def test_every_page_answers_hostile_query_strings_without_a_server_error(
    territory, login, national
):
    sheet = ActionSheetFactory(territory=territory, code="F1")
    client = login(national)
    pages = sorted(set(_pages(territory, sheet)))
    assert f"/territoires/{territory.code}/" in pages
    failures = []
    for page in pages:
        for query in QUERIES:
            response = client.get(f"{page}?{query}")
            if response.status_code >= 500:
                failures.append((page, query[:40], response.status_code))
    assert not failures, failures


ADMIN_QUERIES = ["p=99999999999999999999&o=999&q=" + "usine " * 50, "p=-1&all=&e=1"]


def test_every_admin_list_and_page_answers_hostile_input_without_a_server_error(login):
    from django.contrib import admin
    from django.urls import reverse

    from territoires.accounts.models import User

    admin_client = login(User.objects.create_superuser("admin@example.org", "x-Solide-42!"))
    failures = []
    for model in admin.site._registry:
        meta = model._meta
        changelist = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
        for query in ADMIN_QUERIES:
            response = admin_client.get(f"{changelist}?{query}")
            if response.status_code >= 500:
                failures.append((changelist, query[:30], response.status_code))
        change = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[str(2**63)])
        if admin_client.get(change).status_code >= 500:
            failures.append((change, "", "id past 64 bits"))
    assert not failures, failures
