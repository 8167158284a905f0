"""Every page of the workspace against every role: anonymous → login, outsiders → 404, a role too low → 403,
wrong method → 405, the right role → served. The table must name every URL of diagnostics/urls_workspace.py."""

import pytest
from django.urls import reverse

from diagnostics.services import inventory as inventory_services
from diagnostics.services import pst as pst_services
from diagnostics.urls_workspace import workspace_urlpatterns
from tests.helpers import assert_login_redirect

READ, CONTRIBUTE, MANAGE = 1, 2, 3
FRESH_CSV = b"code;parent;title\nOS9;;Nouveau\nOO9;OS9;Nouvel objectif\nB1;OO9;Nouvelle action\n"
ROLE_LEVEL = {"college_a": READ, "staff_a": CONTRIBUTE, "referent": MANAGE}

# name → (args from the workspace, level needed for GET (None: 405), level needed for POST (None: 405))
TABLE = {
    "diagnostic-home": (lambda w: [], READ, None),
    "pst": (lambda w: [], READ, None),
    "pst-objective-create": (lambda w: ["operational"], CONTRIBUTE, CONTRIBUTE),
    "pst-objective-update": (lambda w: [w.operational.pk], CONTRIBUTE, CONTRIBUTE),
    "pst-objective-delete": (lambda w: [w.operational_2.pk], None, CONTRIBUTE),
    "pst-action-create": (lambda w: [], CONTRIBUTE, CONTRIBUTE),
    "pst-action-update": (lambda w: [w.action.pk], CONTRIBUTE, CONTRIBUTE),
    "pst-action-delete": (lambda w: [w.action.pk], None, CONTRIBUTE),
    "pst-import": (lambda w: [], CONTRIBUTE, CONTRIBUTE),
    "pst-import-preview": (lambda w: [w.import_key], CONTRIBUTE, CONTRIBUTE),
    "pst-import-discard": (lambda w: [w.import_key], None, CONTRIBUTE),
    "pst-template": (lambda w: [], CONTRIBUTE, None),
    "interview-list": (lambda w: [], CONTRIBUTE, None),
    "interview-target": (lambda w: [], MANAGE, MANAGE),
    "interview-create": (lambda w: [], CONTRIBUTE, CONTRIBUTE),
    "interview-detail": (lambda w: [w.interview.pk], CONTRIBUTE, None),
    "interview-update": (lambda w: [w.interview.pk], CONTRIBUTE, CONTRIBUTE),
    "interview-delete": (lambda w: [w.interview.pk], None, CONTRIBUTE),
    "finding-create": (lambda w: [w.interview.pk], CONTRIBUTE, CONTRIBUTE),
    "finding-list": (lambda w: [], READ, None),
    "finding-update": (lambda w: [w.finding.pk], CONTRIBUTE, CONTRIBUTE),
    "finding-delete": (lambda w: [w.finding.pk], None, CONTRIBUTE),
    "finding-publish": (lambda w: [w.finding.pk], None, MANAGE),
    "finding-to-need": (lambda w: [w.finding.pk], None, CONTRIBUTE),
    "workshop-list": (lambda w: [], READ, None),
    "workshop-create": (lambda w: [], CONTRIBUTE, CONTRIBUTE),
    "workshop-detail": (lambda w: [w.workshop.pk], READ, None),
    "workshop-update": (lambda w: [w.workshop.pk], CONTRIBUTE, CONTRIBUTE),
    "workshop-delete": (lambda w: [w.workshop.pk], None, CONTRIBUTE),
    "idea-create": (lambda w: [w.workshop.pk], CONTRIBUTE, CONTRIBUTE),
    "workshop-votes": (lambda w: [w.workshop.pk], None, CONTRIBUTE),
    "idea-update": (lambda w: [w.idea.pk], CONTRIBUTE, CONTRIBUTE),
    "idea-delete": (lambda w: [w.idea.pk], None, CONTRIBUTE),
    "idea-decide": (lambda w: [w.idea.pk], None, MANAGE),
    "inventory": (lambda w: [], READ, None),
    "system-create": (lambda w: [], CONTRIBUTE, CONTRIBUTE),
    "system-update": (lambda w: [w.silo.pk], CONTRIBUTE, CONTRIBUTE),
    "system-delete": (lambda w: [w.silo.pk], None, CONTRIBUTE),
    "exchange-create": (lambda w: [], CONTRIBUTE, CONTRIBUTE),
    "exchange-update": (lambda w: [w.exchange.pk], CONTRIBUTE, CONTRIBUTE),
    "exchange-delete": (lambda w: [w.exchange.pk], None, CONTRIBUTE),
    "warning-dismiss": (lambda w: [], None, MANAGE),
    "warning-restore": (lambda w: [w.dismissal.pk], None, MANAGE),
    "need-list": (lambda w: [], READ, None),
    "need-create": (lambda w: [], CONTRIBUTE, CONTRIBUTE),
    "need-detail": (lambda w: [w.need.pk], READ, None),
    "need-update": (lambda w: [w.need.pk], CONTRIBUTE, CONTRIBUTE),
    "need-delete": (lambda w: [w.need.pk], None, CONTRIBUTE),
    "evidence-add": (lambda w: [w.need.pk, "finding"], None, CONTRIBUTE),
    "evidence-remove": (lambda w: [w.need.pk, w.need.evidence.first().pk], None, CONTRIBUTE),
    "need-merge": (lambda w: [w.need.pk], None, MANAGE),
    "synthesis": (lambda w: [], READ, None),
    "synthesis-update": (lambda w: [], MANAGE, MANAGE),
}


def test_every_workspace_url_has_a_row():
    assert {p.name for p in workspace_urlpatterns} == set(TABLE)


@pytest.fixture
def site(ws, referent, staff_a):
    """The workspace plus a pending import (uploaded by the referent) and a dismissed warning."""
    pst_import, _check = pst_services.pst_import_prepare(
        commune=ws.commune, actor=referent, filename="pst.csv", data=FRESH_CSV
    )
    assert pst_import is not None
    ws.import_key = pst_import.key
    ws.dismissal = inventory_services.warning_dismiss(
        commune=ws.commune, actor=referent, key=f"silo:{ws.silo.pk}", reason="Archived"
    )
    return ws


def url_of(name, site):
    return reverse(f"diagnostics:{name}", args=[site.commune.slug, *TABLE[name][0](site)])


CASES = [
    (name, method)
    for name, (_a, get, post) in TABLE.items()
    for method, level in (("get", get), ("post", post))
    if level
]


@pytest.mark.parametrize(("name", "method"), CASES)
def test_anonymous_goes_to_login(client, site, name, method):
    url = url_of(name, site)
    assert_login_redirect(getattr(client, method)(url), url)


@pytest.mark.parametrize(("name", "method"), CASES)
@pytest.mark.parametrize("outsider", ["staff_b_client", "other_referent_client", "nobody_client"])
def test_outsiders_get_404(request, site, name, method, outsider):
    client = request.getfixturevalue(outsider)
    assert getattr(client, method)(url_of(name, site)).status_code == 404


@pytest.mark.parametrize(("name", "method"), CASES)
@pytest.mark.parametrize("role", ["college_a", "staff_a", "referent"])
def test_each_role_gets_what_its_level_allows(request, client_for, site, name, method, role):
    client = client_for(request.getfixturevalue(role))
    needed = TABLE[name][1 if method == "get" else 2]
    response = getattr(client, method)(url_of(name, site))
    if name.startswith("pst-import-") and role != "referent" and ROLE_LEVEL[role] >= needed:
        assert response.status_code == 404  # a preview belongs to the person who uploaded the file
    elif ROLE_LEVEL[role] < needed:
        assert response.status_code == 403, response.status_code
    else:
        assert response.status_code in (200, 302, 422), response.status_code


@pytest.mark.parametrize(
    ("name", "method"),
    [
        (name, method)
        for name, (_a, get, post) in TABLE.items()
        for method, level in (("get", get), ("post", post))
        if not level
    ]
    + [(name, "put") for name in TABLE],
)
def test_wrong_method(referent_client, site, name, method):
    assert getattr(referent_client, method)(url_of(name, site)).status_code == 405
