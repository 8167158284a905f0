"""Workshop ideas made project-sheet candidates: listed on the roadmap, turned into a prefilled sheet that
keeps its origin, refused when they are not the commune's candidates."""

import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from diagnostics.models import IdeaDecision, Workshop, WorkshopIdea
from roadmaps.models import ProjectSheet, Roadmap, RoadmapStatus
from roadmaps.services import sheets as sheet_services
from smartregion.errors import ServiceError
from tests.helpers import assert_login_redirect, assert_message_in, messages_of, translated

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def url(name, roadmap, *args):
    return reverse(f"roadmaps:{name}", args=[roadmap.commune.slug, *args])


def create_url(roadmap, idea) -> str:
    return f"{url('sheet-create', roadmap)}?idea={getattr(idea, 'pk', idea)}"


@pytest.fixture
def workshop(commune_a) -> Workshop:
    return Workshop.objects.create(commune=commune_a, title="Atelier citoyen", held_on=date(2026, 3, 14))


@pytest.fixture
def make_idea(workshop):
    """`make_idea(title, decision=…, votes=…, pillar=…, description=…, workshop=…)` writes the row directly."""

    def make(title: str, *, decision=IdeaDecision.PROJECT_CANDIDATE, in_workshop=None, **fields) -> WorkshopIdea:
        target = in_workshop or workshop
        return WorkshopIdea.objects.create(
            commune=target.commune, workshop=target, title=title, decision=decision, **fields
        )

    return make


@pytest.fixture
def candidate(make_idea) -> WorkshopIdea:
    return make_idea(
        "Guichet en ligne 24h/24",
        description="Tous les documents de population demandés et reçus en ligne.",
        pillar="governance",
        votes=12,
    )


def sheet_data(**overrides) -> dict:
    data = {
        "title": "Guichet en ligne",
        "summary": "Les documents en ligne.",
        "objectives": "",
        "pillars": ["governance"],
        "function_category": "online_services",
        "status": "proposed",
        "horizon": "",
        "roi_years": 6,
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


class TestBlock:
    def test_lists_the_candidates_without_a_sheet(
        self, referent_client, referent, in_english, roadmap, make_idea, make_sheet, commune_b, candidate
    ):
        in_english(referent)
        other_workshop = Workshop.objects.create(
            commune=candidate.commune, title="Atelier mobilité", held_on=date(2026, 4, 2)
        )
        make_idea("Vélos partagés", pillar="mobility", votes=20, in_workshop=other_workshop)
        make_idea("Idée en attente", decision=IdeaDecision.PENDING, votes=30)
        make_idea("Idée écartée", decision=IdeaDecision.SET_ASIDE, votes=30)
        make_idea("Idée gardée comme besoin", decision=IdeaDecision.NEED, votes=30)
        done = make_idea("Déjà une fiche", votes=40)
        make_sheet("Sheet from the idea", origin_idea=done)
        workshop_b = Workshop.objects.create(commune=commune_b, title="Atelier de Lobbes", held_on=date(2026, 1, 5))
        make_idea("Idée de Lobbes", votes=50, in_workshop=workshop_b)

        page = referent_client.get(url("roadmap-detail", roadmap)).content.decode()

        assert "Candidates from the workshops" in page
        for absent in ("Idée en attente", "Idée écartée", "Idée gardée comme besoin", "Déjà une fiche", "Lobbes"):
            assert absent not in page
        # Most voted first, with pillar, votes, workshop (linked) and date.
        assert page.index("Vélos partagés") < page.index("Guichet en ligne 24h/24")
        assert "Mobility" in page and "Governance" in page
        assert "20 votes" in page and "12 votes" in page
        assert "Atelier mobilité" in page and "Atelier citoyen" in page
        workshop_url = reverse("diagnostics:workshop-detail", args=[roadmap.commune.slug, candidate.workshop_id])
        assert f'href="{workshop_url}"' in page
        assert 'datetime="2026-03-14"' in page
        assert f'href="{create_url(roadmap, candidate)}"' in page
        assert page.count(f"{url('sheet-create', roadmap)}?idea=") == 2

    def test_without_candidates_says_how_to_get_some(self, referent_client, referent, in_english, roadmap, make_idea):
        in_english(referent)
        make_idea("Idée en attente", decision=IdeaDecision.PENDING)
        page = referent_client.get(url("roadmap-detail", roadmap)).content.decode()
        assert "Candidates from the workshops" in page
        assert "No workshop idea is waiting for its project sheet." in page
        assert reverse("diagnostics:workshop-list", args=[roadmap.commune.slug]) in page
        assert "?idea=" not in page

    def test_staff_get_the_create_links(self, staff_a_client, roadmap, candidate):
        page = staff_a_client.get(url("roadmap-detail", roadmap)).content.decode()
        assert create_url(roadmap, candidate) in page

    def test_college_reads_the_candidates_without_create_links(self, college_a_client, published_roadmap, candidate):
        page = college_a_client.get(url("roadmap-detail", published_roadmap)).content.decode()
        assert "Guichet en ligne 24h/24" in page
        assert "?idea=" not in page

    def test_college_sees_nothing_of_a_draft(self, college_a_client, roadmap, candidate):
        page = college_a_client.get(url("roadmap-detail", roadmap)).content.decode()
        assert "Guichet en ligne 24h/24" not in page

    def test_the_idea_comes_back_when_its_sheet_is_deleted(self, referent_client, roadmap, candidate, make_sheet):
        sheet = make_sheet("From the idea", origin_idea=candidate)
        assert "Guichet en ligne 24h/24" not in referent_client.get(url("roadmap-detail", roadmap)).content.decode()
        referent_client.post(url("sheet-delete", roadmap, sheet.pk))
        assert not ProjectSheet.objects.exists()
        assert "Guichet en ligne 24h/24" in referent_client.get(url("roadmap-detail", roadmap)).content.decode()

    def test_the_page_runs_the_same_queries_for_1_and_several_candidates(
        self, referent_client, roadmap, make_idea, make_sheet, score_now, candidate
    ):
        make_sheet("Sheet 0", marks=(3, 4))
        score_now(roadmap)
        with CaptureQueriesContext(connection) as one:
            page = referent_client.get(url("roadmap-detail", roadmap)).content.decode()
        assert page.count("?idea=") == 1
        for index in range(1, 8):
            other = Workshop.objects.create(
                commune=roadmap.commune, title=f"Atelier {index}", held_on=date(2026, 5, index)
            )
            idea = make_idea(f"Idée {index}", votes=index, pillar="economy", in_workshop=other)
            if index % 3 == 0:
                make_sheet(f"Sheet {index}", origin_idea=idea)
        score_now(roadmap)
        with CaptureQueriesContext(connection) as several:
            page = referent_client.get(url("roadmap-detail", roadmap)).content.decode()
        assert page.count("?idea=") == 6
        assert len(one) == len(several), [q["sql"] for q in several.captured_queries]


class TestPrefill:
    def test_the_form_is_prefilled_and_nothing_is_saved(self, staff_a_client, staff_a, in_english, roadmap, candidate):
        in_english(staff_a)
        response = staff_a_client.get(create_url(roadmap, candidate))
        page = response.content.decode()
        assert response.status_code == 200
        assert 'name="title" value="Guichet en ligne 24h/24"' in page
        assert re.search(
            r'name="summary"[^>]*>\s*Tous les documents de population demandés et reçus en ligne\.</textarea>', page
        )
        assert re.findall(r'<input[^>]*name="pillars"[^>]*\bchecked\b[^>]*>', page) == [
            re.search(r'<input[^>]*name="pillars" value="governance"[^>]*>', page).group()
        ]
        assert f'<input type="hidden" name="idea" value="{candidate.pk}">' in page
        assert "Atelier citoyen" in page and "12 votes" in page
        assert not ProjectSheet.objects.exists()

    def test_created_sheet_keeps_its_origin(
        self, staff_a_client, staff_a, referent_client, referent, in_english, roadmap, candidate
    ):
        in_english(staff_a, referent)
        response = staff_a_client.post(
            url("sheet-create", roadmap), sheet_data(title="Guichet en ligne, edited", idea=candidate.pk)
        )
        sheet = ProjectSheet.objects.get()
        assert response.status_code == 302 and response.url == url("sheet-marks", roadmap, sheet.pk)
        assert sheet.origin_idea == candidate
        assert (sheet.title, sheet.pillars) == ("Guichet en ligne, edited", ["governance"])
        # The idea leaves the candidates; the sheet says where it comes from.
        roadmap_page = referent_client.get(url("roadmap-detail", roadmap)).content.decode()
        assert "Guichet en ligne 24h/24" not in roadmap_page and "?idea=" not in roadmap_page
        sheet_page = referent_client.get(url("sheet-detail", roadmap, sheet.pk)).content.decode()
        assert "from the idea “Guichet en ligne 24h/24” of the workshop “Atelier citoyen” (14 March 2026)" in sheet_page
        assert reverse("diagnostics:workshop-detail", args=[roadmap.commune.slug, candidate.workshop_id]) in sheet_page

    def test_college_reads_the_origin(self, college_a_client, published_roadmap, candidate, make_sheet):
        sheet = make_sheet("From the idea", origin_idea=candidate)
        page = college_a_client.get(url("sheet-detail", published_roadmap, sheet.pk)).content.decode()
        assert "Guichet en ligne 24h/24" in page and "Atelier citoyen" in page

    def test_a_sheet_without_origin_does_not_mention_one(self, referent_client, roadmap, make_sheet, candidate):
        sheet = make_sheet("Plain")
        page = referent_client.get(url("sheet-detail", roadmap, sheet.pk)).content.decode()
        assert "Atelier citoyen" not in page

    def test_an_idea_without_pillar_or_description(self, staff_a_client, roadmap, make_idea):
        idea = make_idea("Bancs connectés")
        page = staff_a_client.get(create_url(roadmap, idea)).content.decode()
        assert 'value="Bancs connectés"' in page
        assert re.search(r'name="summary"[^>]*>\s*</textarea>', page)
        assert not re.search(r'<input[^>]*name="pillars"[^>]*\bchecked\b', page)

    def test_invalid_input_keeps_the_idea(self, staff_a_client, roadmap, candidate):
        response = staff_a_client.post(
            url("sheet-create", roadmap), sheet_data(title="", summary="Mine", idea=candidate.pk), **HTMX
        )
        page = response.content.decode()
        assert response.status_code == 422
        assert f'name="idea" value="{candidate.pk}"' in page and "Mine" in page
        assert not ProjectSheet.objects.exists()


class TestRefusals:
    @pytest.mark.parametrize("case", ["other_commune", "unknown", "malformed", "negative", "huge"])
    def test_an_idea_that_is_not_the_communes_is_refused(self, staff_a_client, roadmap, commune_b, make_idea, case):
        workshop_b = Workshop.objects.create(commune=commune_b, title="Atelier de Lobbes", held_on=date(2026, 1, 5))
        idea_b = make_idea("Idée de Lobbes", in_workshop=workshop_b)
        idea_id = {
            "other_commune": idea_b.pk,
            "unknown": idea_b.pk + 1000,
            "malformed": "abc",
            "negative": "-3",
            "huge": "9" * 30,
        }[case]
        response = staff_a_client.get(create_url(roadmap, idea_id))
        assert response.status_code == 302 and response.url == url("roadmap-detail", roadmap)
        assert messages_of(response) == [translated(sheet_services.ERROR_IDEA_UNKNOWN, response)]
        assert "Lobbes" not in messages_of(response)[0]

    @pytest.mark.parametrize("decision", [IdeaDecision.PENDING, IdeaDecision.NEED, IdeaDecision.SET_ASIDE])
    def test_an_idea_that_is_not_a_candidate_is_refused(self, staff_a_client, roadmap, make_idea, decision):
        idea = make_idea("Bancs connectés", decision=decision)
        response = staff_a_client.get(create_url(roadmap, idea))
        assert response.status_code == 302 and response.url == url("roadmap-detail", roadmap)
        expected = translated(sheet_services.ERROR_IDEA_NOT_CANDIDATE, response) % {"idea": "Bancs connectés"}
        assert messages_of(response) == [expected]

    def test_an_idea_that_has_its_sheet_is_refused(self, staff_a_client, roadmap, candidate, make_sheet):
        make_sheet("Guichet", origin_idea=candidate)
        response = staff_a_client.get(create_url(roadmap, candidate))
        assert response.status_code == 302
        expected = translated(sheet_services.ERROR_IDEA_USED, response) % {
            "idea": "Guichet en ligne 24h/24",
            "sheet": "Guichet",
        }
        assert messages_of(response) == [expected]

    def test_the_refusal_reads_in_the_users_language(self, staff_a_client, roadmap):
        response = staff_a_client.get(create_url(roadmap, 424242))
        assert response.status_code == 302
        follow = staff_a_client.get(response.url)
        assert_message_in(follow, sheet_services.ERROR_IDEA_UNKNOWN)

    def test_a_forged_post_keeps_the_input_and_saves_nothing(self, staff_a_client, roadmap, make_idea):
        idea = make_idea("Bancs connectés", decision=IdeaDecision.PENDING)
        response = staff_a_client.post(
            url("sheet-create", roadmap), sheet_data(summary="My summary", idea=idea.pk), **HTMX
        )
        page = response.content.decode()
        assert response.status_code == 422
        assert_message_in(response, sheet_services.ERROR_IDEA_NOT_CANDIDATE % {"idea": "Bancs connectés"})
        assert "My summary" in page and 'name="idea"' not in page
        assert not ProjectSheet.objects.exists()

    def test_the_idea_changed_meanwhile_then_saving_again_drops_the_link(
        self, staff_a_client, roadmap, candidate, make_sheet
    ):
        # Opened from the roadmap; meanwhile someone else made a sheet from the same idea.
        assert staff_a_client.get(create_url(roadmap, candidate)).status_code == 200
        make_sheet("Guichet (by someone else)", origin_idea=candidate)
        response = staff_a_client.post(url("sheet-create", roadmap), sheet_data(idea=candidate.pk))
        assert response.status_code == 200
        assert 'name="idea"' not in response.content.decode()
        assert ProjectSheet.objects.count() == 1
        response = staff_a_client.post(url("sheet-create", roadmap), sheet_data())
        assert response.status_code == 302
        assert ProjectSheet.objects.get(title="Guichet en ligne").origin_idea is None


class TestService:
    def test_sheet_create_keeps_the_origin(self, roadmap, referent, candidate):
        sheet = sheet_services.sheet_create(
            roadmap=roadmap, actor=referent, fields={"title": "Guichet"}, origin_idea_id=candidate.pk
        )
        assert sheet.origin_idea_id == candidate.pk

    def test_sheet_create_refuses_a_second_sheet_from_the_same_idea(self, roadmap, referent, candidate):
        sheet_services.sheet_create(roadmap=roadmap, actor=referent, fields={"title": "A"}, origin_idea_id=candidate.pk)
        with pytest.raises(ServiceError) as refused:
            sheet_services.sheet_create(
                roadmap=roadmap, actor=referent, fields={"title": "B"}, origin_idea_id=candidate.pk
            )
        assert refused.value.field == "idea"
        assert ProjectSheet.objects.count() == 1

    def test_sheet_create_refuses_another_communes_idea(self, roadmap, referent, commune_b, make_idea):
        workshop_b = Workshop.objects.create(commune=commune_b, title="Atelier de Lobbes", held_on=date(2026, 1, 5))
        idea_b = make_idea("Idée de Lobbes", in_workshop=workshop_b)
        with pytest.raises(ServiceError) as refused:
            sheet_services.sheet_create(
                roadmap=roadmap, actor=referent, fields={"title": "B"}, origin_idea_id=idea_b.pk
            )
        assert refused.value.message == sheet_services.ERROR_IDEA_UNKNOWN
        assert not ProjectSheet.objects.exists()

    def test_idea_initial(self):
        idea = {"title": "T", "description": "D", "pillar": ""}
        assert sheet_services.idea_initial(idea) == {"title": "T", "summary": "D", "pillars": []}
        assert sheet_services.idea_initial({**idea, "pillar": "economy"})["pillars"] == ["economy"]


class TestAccess:
    """The prefilled form (sheet-create?idea=…) follows the rules of creating sheets."""

    def test_anonymous_goes_to_login(self, client, roadmap, candidate):
        target = create_url(roadmap, candidate)
        assert_login_redirect(client.get(target), target)

    @pytest.mark.parametrize("outsider", ["staff_b_client", "other_referent_client", "nobody_client"])
    def test_outsiders_get_404(self, request, roadmap, candidate, outsider):
        client = request.getfixturevalue(outsider)
        assert client.get(create_url(roadmap, candidate)).status_code == 404
        assert client.post(url("sheet-create", roadmap), sheet_data(idea=candidate.pk)).status_code == 404
        assert not ProjectSheet.objects.exists()

    @pytest.mark.parametrize("published", [False, True])
    def test_college_may_not(self, college_a_client, roadmap, candidate, published):
        if published:
            Roadmap.objects.filter(pk=roadmap.pk).update(status=RoadmapStatus.PUBLISHED)
        assert college_a_client.get(create_url(roadmap, candidate)).status_code == 403
        assert college_a_client.post(url("sheet-create", roadmap), sheet_data(idea=candidate.pk)).status_code == 403
        assert not ProjectSheet.objects.exists()

    @pytest.mark.parametrize("method", ["put", "delete", "patch"])
    def test_wrong_method(self, referent_client, roadmap, candidate, method):
        assert getattr(referent_client, method)(create_url(roadmap, candidate)).status_code == 405

    @pytest.mark.parametrize("who", ["staff_a_client", "referent_client"])
    def test_staff_and_referent(self, request, roadmap, candidate, who):
        client = request.getfixturevalue(who)
        assert client.get(create_url(roadmap, candidate)).status_code == 200
        assert client.post(url("sheet-create", roadmap), sheet_data(idea=candidate.pk)).status_code == 302
        assert ProjectSheet.objects.get().origin_idea == candidate
