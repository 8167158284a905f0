"""Random input thrown at every form of the workspace (issue 8): whatever is posted, never a server error.

The field names and the values worth trying (option values, ids of rows) are read from the pages
themselves, so a form added later is covered without touching this file. Each example runs in a
savepoint that is rolled back, so that a deletion does not starve the examples after it.
"""

import re
from html import unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import resolve, reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.diagnostics.workspace.test_ws_views_access import TABLE, site, url_of  # noqa: F401 - `site` is a fixture
from tests.helpers import client_file_name

pytestmark = pytest.mark.django_db
# The machine running the suite may be busy: slow examples are not a failure here.
SLOW_OK = [HealthCheck.function_scoped_fixture, HealthCheck.too_slow]

# POST-only addresses: the page that holds their form (the fields to try are read from it).
FORM_PAGE = {
    "finding-publish": "interview-detail",
    "finding-to-need": "interview-detail",
    "workshop-votes": "workshop-detail",
    "idea-decide": "workshop-detail",
    "warning-dismiss": "inventory",
    "evidence-add": "need-detail",
    "evidence-remove": "need-detail",
    "need-merge": "need-detail",
}
POST_NAMES = sorted(name for name, (_args, _get, post) in TABLE.items() if post and name != "pst-import")
QUERY_PAGES = ["finding-list", "need-list", "pst", "inventory", "synthesis", "pst-action-create", "interview-list"]

NAME = re.compile(r"""\bname=["']([^"']+)["']""")
VALUE = re.compile(r"""\bvalue=["']([^"']*)["']""")
JUNK = [
    "",
    " ",
    "0",
    "-1",
    "1e309",
    "99999999999999999999999",
    "NaN",
    "2026-02-30",
    "31/12/2026",
    "0001-01-01",
    "25:61",
    "12 500,50 €",
    "-5,00",
    "governance",
    "pending",
    "x" * 5000,
    "\x00",
    "<script>alert(1)</script>",
    "../../etc/passwd",
    "Zoë; DROP TABLE",
]
values = st.one_of(st.sampled_from(JUNK), st.text(max_size=60), st.integers(-(10**12), 10**12).map(str))


# Read once per address: the names do not change between examples (ids may, which only means a 404).
FIELDS: dict[str, dict[str, list[str]]] = {}


def form_fields(client, url: str) -> dict[str, list[str]]:
    """Field names of every form on the page → the values the page offers for them (plus junk)."""
    html = client.get(url).content.decode()
    fields: dict[str, list[str]] = {}
    for tag in re.findall(r"<(?:input|select|textarea|option|button)\b[^>]*>", html):
        name = NAME.search(tag)
        if name and name.group(1) != "csrfmiddlewaretoken":
            fields.setdefault(unescape(name.group(1)), [])
    for select in re.findall(r"<select\b[^>]*>.*?</select>", html, flags=re.S):
        name = NAME.search(select)
        if name:
            fields[unescape(name.group(1))] += [unescape(v) for v in VALUE.findall(select)]
    for tag in re.findall(r"<input\b[^>]*>", html):
        name, value = NAME.search(tag), VALUE.search(tag)
        if name and value and name.group(1) != "csrfmiddlewaretoken":
            fields[unescape(name.group(1))].append(unescape(value.group(1)))
    return fields


def posted_data(data, fields: dict[str, list[str]]) -> dict[str, list[str]]:
    names = sorted(fields) + ["unexpected", "participants-TOTAL_FORMS", "edit_version"]
    chosen = data.draw(st.lists(st.sampled_from(names), unique=True, max_size=len(names)))
    posted = {}
    for name in chosen:
        offered = fields.get(name) or [""]
        posted[name] = data.draw(st.lists(st.one_of(st.sampled_from(offered), values), min_size=1, max_size=3))
    return posted


def assert_no_server_error(response) -> None:
    assert response.status_code < 500, response.status_code


@pytest.mark.parametrize("name", POST_NAMES)
@settings(max_examples=12, deadline=None, suppress_health_check=SLOW_OK)
@given(data=st.data())
def test_random_posts_never_crash(referent_client, site, name, data):  # noqa: F811 - fixture imported above
    url = url_of(name, site)
    page = FORM_PAGE.get(name) or (name if TABLE[name][1] else None)
    if name not in FIELDS:
        FIELDS[name] = form_fields(referent_client, url_of(page, site)) if page else {}
    fields = FIELDS[name]
    posted = posted_data(data, fields)
    htmx = data.draw(st.booleans())
    with transaction.atomic():
        response = referent_client.post(url, posted, **({"HTTP_HX_REQUEST": "true"} if htmx else {}))
        assert_no_server_error(response)
        transaction.set_rollback(True)


REFERENT_DECISIONS = ["finding-publish", "idea-decide", "need-merge", "interview-target", "warning-dismiss"]


@pytest.mark.parametrize("name", REFERENT_DECISIONS)
@settings(max_examples=8, deadline=None, suppress_health_check=SLOW_OK)
@given(data=st.data())
def test_referent_decisions_refused_to_staff_and_college(client_for, staff_a, college_a, site, name, data):  # noqa: F811
    client = client_for(data.draw(st.sampled_from([staff_a, college_a])))
    response = client.post(url_of(name, site), {"reason": data.draw(values), "published": data.draw(values)})
    assert response.status_code == 403, response.status_code


@pytest.mark.parametrize("name", QUERY_PAGES)
@settings(max_examples=8, deadline=None, suppress_health_check=SLOW_OK)
@given(query=st.dictionaries(st.sampled_from(["pillar", "kind", "objective", "page", "q", "sort"]), values))
def test_random_query_strings_never_crash(referent_client, site, name, query):  # noqa: F811
    assert_no_server_error(referent_client.get(url_of(name, site), query))


@settings(max_examples=30, deadline=None, suppress_health_check=SLOW_OK)
@given(
    content=st.one_of(
        st.binary(max_size=3000),
        st.text(max_size=800).map(lambda t: t.encode("utf-8")),
        st.sampled_from([b"code;parent;title\nOS1;;A\n", b"\xef\xbb\xbftype;code\n", b"PK\x03\x04junk"]),
    ),
    filename=st.one_of(
        st.sampled_from(["pst.csv", "pst.xlsx", "../../etc/pst.csv", "C:\\tmp\\pst.csv", "pst.xls", ".csv", "pst"]),
        st.text(min_size=1, max_size=80),
    ),
)
def test_random_uploads_never_crash_and_never_become_paths(referent_client, site, content, filename):  # noqa: F811
    upload = SimpleUploadedFile(client_file_name(filename), content)
    with transaction.atomic():
        response = referent_client.post(reverse("diagnostics:pst-import", args=[site.commune.slug]), {"file": upload})
        assert_no_server_error(response)
        if response.status_code == 302:
            assert resolve(response.url).url_name == "pst-import-preview"
            preview = referent_client.get(response.url)
            assert preview.status_code == 200
            source = preview.context["pst_import"].source_name
            assert "/" not in source
            assert "\\" not in source
        transaction.set_rollback(True)
