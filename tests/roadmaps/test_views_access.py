"""Every roadmap URL against every role: anonymous, outsiders, college (draft and published), staff, referent."""

from decimal import Decimal

import pytest
from django.urls import reverse

from roadmaps.models import Comment, Criterion, CriterionKind, PlanProposal, Roadmap, RoadmapStatus
from tests.helpers import assert_login_redirect

pytestmark = pytest.mark.django_db

READ, CONTRIBUTE, MANAGE = 1, 2, 3


@pytest.fixture
def world(roadmap, make_sheet, staff_a, referent):
    website = make_sheet("Website", marks=(3, 3), investment=Decimal(1000))
    counter = make_sheet("Counter", requires=[website])
    comment = Comment.objects.create(sheet=website, author=staff_a, body="Hello")
    own = Criterion.objects.create(roadmap=roadmap, kind=CriterionKind.CUSTOM, label="ROI", weight=5, position=9)
    plan = PlanProposal.objects.create(roadmap=roadmap, assignments={str(website.pk): "short"}, created_by=referent)
    return {
        "slug": roadmap.commune.slug,
        "sheet": website.pk,
        "other": counter.pk,
        "comment": comment.pk,
        "criterion": own.pk,
        "plan": plan.pk,
    }


# (url name, kwargs from the world, HTTP method, level needed)
ROUTES = [
    ("roadmap-detail", lambda w: {"slug": w["slug"]}, "get", READ),
    ("roadmap-ranking", lambda w: {"slug": w["slug"]}, "get", READ),
    ("roadmap-timeline", lambda w: {"slug": w["slug"]}, "get", READ),
    ("roadmap-export-xlsx", lambda w: {"slug": w["slug"]}, "get", READ),
    ("roadmap-export-csv", lambda w: {"slug": w["slug"]}, "get", READ),
    ("sheet-detail", lambda w: {"slug": w["slug"], "pk": w["sheet"]}, "get", READ),
    ("template-list", lambda w: {"slug": w["slug"]}, "get", CONTRIBUTE),
    ("sheet-create", lambda w: {"slug": w["slug"]}, "get", CONTRIBUTE),
    ("sheet-create", lambda w: {"slug": w["slug"]}, "post", CONTRIBUTE),
    ("sheet-update", lambda w: {"slug": w["slug"], "pk": w["sheet"]}, "get", CONTRIBUTE),
    ("sheet-update", lambda w: {"slug": w["slug"], "pk": w["sheet"]}, "post", CONTRIBUTE),
    ("sheet-marks", lambda w: {"slug": w["slug"], "pk": w["sheet"]}, "get", CONTRIBUTE),
    ("sheet-marks", lambda w: {"slug": w["slug"], "pk": w["sheet"]}, "post", CONTRIBUTE),
    ("sheet-horizon", lambda w: {"slug": w["slug"], "pk": w["sheet"]}, "post", CONTRIBUTE),
    ("prerequisite-add", lambda w: {"slug": w["slug"], "pk": w["sheet"]}, "post", CONTRIBUTE),
    (
        "prerequisite-remove",
        lambda w: {"slug": w["slug"], "pk": w["other"], "required_pk": w["sheet"]},
        "post",
        CONTRIBUTE,
    ),
    ("comment-create", lambda w: {"slug": w["slug"], "pk": w["sheet"]}, "post", CONTRIBUTE),
    ("comment-delete", lambda w: {"slug": w["slug"], "pk": w["sheet"], "comment_pk": w["comment"]}, "post", CONTRIBUTE),
    ("roadmap-rescore", lambda w: {"slug": w["slug"]}, "post", CONTRIBUTE),
    ("roadmap-create", lambda w: {"slug": w["slug"]}, "post", MANAGE),
    ("roadmap-update", lambda w: {"slug": w["slug"]}, "get", MANAGE),
    ("roadmap-update", lambda w: {"slug": w["slug"]}, "post", MANAGE),
    ("roadmap-publish", lambda w: {"slug": w["slug"]}, "post", MANAGE),
    ("weights-update", lambda w: {"slug": w["slug"]}, "get", MANAGE),
    ("weights-update", lambda w: {"slug": w["slug"]}, "post", MANAGE),
    ("weights-preview", lambda w: {"slug": w["slug"]}, "post", MANAGE),
    ("criterion-create", lambda w: {"slug": w["slug"]}, "get", MANAGE),
    ("criterion-create", lambda w: {"slug": w["slug"]}, "post", MANAGE),
    ("criterion-delete", lambda w: {"slug": w["slug"], "pk": w["criterion"]}, "post", MANAGE),
    ("sheet-delete", lambda w: {"slug": w["slug"], "pk": w["sheet"]}, "get", MANAGE),
    ("sheet-delete", lambda w: {"slug": w["slug"], "pk": w["sheet"]}, "post", MANAGE),
    ("plan", lambda w: {"slug": w["slug"]}, "get", MANAGE),
    ("plan", lambda w: {"slug": w["slug"]}, "post", MANAGE),
    ("plan-decide", lambda w: {"slug": w["slug"], "pk": w["plan"]}, "post", MANAGE),
]
ROUTE_IDS = [f"{method}-{name}" for name, _kwargs, method, _level in ROUTES]
ALLOWED = {200, 302, 422}


def _url(world, name, kwargs):
    return reverse(f"roadmaps:{name}", kwargs=kwargs(world))


def _call(client, method, url):
    return client.get(url) if method == "get" else client.post(url, {})


def test_every_url_is_in_the_matrix():
    from roadmaps.urls import urlpatterns

    assert {p.name for p in urlpatterns} == {name for name, *_rest in ROUTES}


@pytest.mark.parametrize(("name", "kwargs", "method", "level"), ROUTES, ids=ROUTE_IDS)
def test_anonymous_goes_to_login(client, world, name, kwargs, method, level):
    url = _url(world, name, kwargs)
    assert_login_redirect(_call(client, method, url), url)


@pytest.mark.parametrize("outsider", ["staff_b_client", "other_referent_client", "nobody_client"])
@pytest.mark.parametrize(("name", "kwargs", "method", "level"), ROUTES, ids=ROUTE_IDS)
def test_outsiders_get_404(request, world, outsider, name, kwargs, method, level):
    client = request.getfixturevalue(outsider)
    assert _call(client, method, _url(world, name, kwargs)).status_code == 404


@pytest.mark.parametrize(("name", "kwargs", "method", "level"), ROUTES, ids=ROUTE_IDS)
def test_college_reads_the_published_roadmap_only(college_a_client, world, name, kwargs, method, level):
    Roadmap.objects.update(status=RoadmapStatus.PUBLISHED)
    status = _call(college_a_client, method, _url(world, name, kwargs)).status_code
    assert status in ALLOWED if level == READ else status == 403


@pytest.mark.parametrize(("name", "kwargs", "method", "level"), ROUTES, ids=ROUTE_IDS)
def test_college_sees_nothing_of_a_draft(college_a_client, world, name, kwargs, method, level):
    response = _call(college_a_client, method, _url(world, name, kwargs))
    if name == "roadmap-detail":
        assert response.status_code == 200 and b"Website" not in response.content
    elif level == READ:
        assert response.status_code == 404
    else:
        assert response.status_code == 403


@pytest.mark.parametrize(("name", "kwargs", "method", "level"), ROUTES, ids=ROUTE_IDS)
def test_staff_contributes_but_does_not_manage(staff_a_client, world, name, kwargs, method, level):
    status = _call(staff_a_client, method, _url(world, name, kwargs)).status_code
    assert status in ALLOWED if level <= CONTRIBUTE else status == 403


@pytest.mark.parametrize(("name", "kwargs", "method", "level"), ROUTES, ids=ROUTE_IDS)
def test_referent_does_everything(referent_client, world, name, kwargs, method, level):
    assert _call(referent_client, method, _url(world, name, kwargs)).status_code in ALLOWED


@pytest.mark.parametrize(("name", "kwargs", "method", "level"), ROUTES, ids=ROUTE_IDS)
def test_wrong_method(referent_client, world, name, kwargs, method, level):
    url = _url(world, name, kwargs)
    response = referent_client.put(url) if method == "get" else referent_client.get(url)
    if method == "post" and name in {
        "sheet-create",
        "sheet-update",
        "sheet-marks",
        "roadmap-update",
        "weights-update",
        "criterion-create",
        "sheet-delete",
        "plan",
    }:
        assert response.status_code == 200  # those pages show their form on GET
    else:
        assert response.status_code == 405


def test_staff_cannot_delete_someone_elses_comment(client_for, world, commune_a):
    from tests.factories import MembershipFactory, UserFactory

    colleague = UserFactory()
    MembershipFactory(user=colleague, commune=commune_a)
    url = reverse("roadmaps:comment-delete", args=[world["slug"], world["sheet"], world["comment"]])
    assert client_for(colleague).post(url).status_code == 403
    assert Comment.objects.filter(pk=world["comment"]).exists()


def test_objects_of_another_roadmap_are_404(referent_client, world, commune_b, referent, make_sheet):
    from roadmaps.services.roadmaps import roadmap_create

    other = roadmap_create(commune=commune_b, actor=referent)
    foreign = make_sheet("Foreign", target=other)
    assert referent_client.get(reverse("roadmaps:sheet-detail", args=[world["slug"], foreign.pk])).status_code == 404
    url = reverse("roadmaps:prerequisite-remove", args=[world["slug"], world["sheet"], foreign.pk])
    assert referent_client.post(url).status_code == 404


def test_no_roadmap_yet(client_for, staff_b, referent, commune_b):
    url = reverse("roadmaps:roadmap-detail", args=[commune_b.slug])
    staff_page = client_for(staff_b).get(url)
    assert staff_page.status_code == 200 and b"roadmap-create" not in staff_page.content
    referent_page = client_for(referent).get(url)
    assert reverse("roadmaps:roadmap-create", args=[commune_b.slug]).encode() in referent_page.content
    assert client_for(referent).get(reverse("roadmaps:roadmap-timeline", args=[commune_b.slug])).status_code == 404
