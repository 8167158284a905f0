"""Ranking and date questions end to end: built in the questionnaire builder, answered through a personal
link and an open link (without JavaScript), shown on the results page and in both exports."""

import csv
import io

import openpyxl
import pytest
from django.urls import reverse

from diagnostics.models import Answer, GroupKind, Question
from diagnostics.selectors.results import campaign_results
from diagnostics.services import builder, campaigns
from diagnostics.services.builder import OptionInput
from diagnostics.tokens import open_link_token, response_token
from smartregion.questions.kinds import ERROR_RANKING_TWICE, ERROR_RANKING_UNFINISHED
from tests.diagnostics.test_open_links import post_start
from tests.diagnostics.test_results import fill
from tests.diagnostics.test_views_builder import question_post
from tests.helpers import assert_message_in


def url(name, *args):
    return reverse(f"diagnostics:{name}", args=args)


@pytest.fixture
def page3(small, referent):
    """A third page with a ranking and a date question, added before the campaign is created."""
    page = builder.section_create(questionnaire=small.questionnaire, actor=referent, title_fr="Page 3")
    ranking = builder.question_create(
        section=page,
        actor=referent,
        fields={"type": "ranking", "text_fr": "Classez", "text_en": "Rank"},
        options=[OptionInput(None, "Vélo", "Bike"), OptionInput(None, "Bus", "Bus"), OptionInput(None, "Train")],
    )
    day = builder.question_create(
        section=page, actor=referent, fields={"type": "date", "text_fr": "Depuis quand ?", "text_en": "Since when?"}
    )
    return page, ranking, day


@pytest.fixture
def kinds_campaign(page3, campaign):
    return campaign


def ranks(ranking, *order) -> dict:
    """Form fields ranking the options of `ranking` (given in the options' order) as `order`."""
    return {f"_o{o.pk}": str(rank) for o, rank in zip(ranking.options.all(), order, strict=True)}


def test_the_builder_creates_a_ranking_and_a_date_question(referent_client, small, commune_a):
    page = small.questionnaire.sections.first()
    data = question_post(
        type="ranking",
        section=str(page.pk),
        text_fr="Classez ces priorités",
        **{"options-TOTAL_FORMS": "2", "options-0-label_fr": "Vélo", "options-1-label_fr": "Bus"},
    )
    reply = referent_client.post(url("question-create", commune_a.slug, small.questionnaire.pk, page.pk), data)
    assert reply.status_code == 302
    ranking = Question.objects.get(questionnaire=small.questionnaire, text_fr="Classez ces priorités")
    assert ranking.type == "ranking"
    assert [o.label_fr for o in ranking.options.all()] == ["Vélo", "Bus"]
    data = question_post(type="date", section=str(page.pk), text_fr="Date du dernier achat")
    reply = referent_client.post(url("question-create", commune_a.slug, small.questionnaire.pk, page.pk), data)
    assert reply.status_code == 302
    assert Question.objects.get(text_fr="Date du dernier achat").type == "date"
    form = referent_client.get(url("question-create", commune_a.slug, small.questionnaire.pk, page.pk))
    assert 'data-types="multiple_choice ranking single_choice yes_no"' in form.content.decode()


def test_a_ranking_needs_two_options(small, referent):
    with pytest.raises(builder.ServiceError) as error:
        builder.question_create(
            section=small.questionnaire.sections.first(),
            actor=referent,
            fields={"type": "ranking", "text_fr": "Seul"},
            options=[OptionInput(None, "Un")],
        )
    assert error.value.message == builder.ERROR_OPTIONS_REQUIRED


def test_a_respondent_ranks_and_dates_without_javascript(client, kinds_campaign, groups, page3, referent):
    _page, ranking, day = page3
    (person,) = campaigns.respondents_add(
        campaign=kinds_campaign,
        group=groups[GroupKind.ADMINISTRATION],
        actor=referent,
        people=[("Ana Lopez", "ana@example.org")],
        send=False,
    )
    token = response_token(person.response)
    page = client.get(url("respond-page", token, 3)).content.decode()
    bike, bus, train = ranking.options.all()
    assert f'<select class="form-select form-select-sm w-auto" name="q{ranking.pk}_o{bike.pk}"' in page
    assert f'<label class="form-label mb-0" for="q{ranking.pk}-o{bike.pk}">Vélo</label>' in page
    assert 'placeholder="jj/mm/aaaa"' in page or 'placeholder="dd/mm/yyyy"' in page

    wrong = {f"q{ranking.pk}_o{bike.pk}": "1", f"q{ranking.pk}_o{bus.pk}": "1", f"q{ranking.pk}_o{train.pk}": "2"}
    reply = client.post(url("respond-page", token, 3), {**wrong, f"q{day.pk}": "31/02/2026", "action": "save"})
    assert reply.status_code == 422
    assert_message_in(reply, ERROR_RANKING_TWICE % {"rank": 1, "count": 3})
    content = reply.content.decode()
    assert 'value="31/02/2026"' in content  # kept as typed
    assert content.count('<option value="1" selected>') == 2  # the ranks typed are shown again
    assert not Answer.objects.filter(question__in=[ranking, day]).exists()

    good = {f"q{ranking.pk}_o{bike.pk}": "3", f"q{ranking.pk}_o{bus.pk}": "1", f"q{ranking.pk}_o{train.pk}": "2"}
    reply = client.post(url("respond-page", token, 3), {**good, f"q{day.pk}": "4/12/2026", "action": "save"})
    assert reply.status_code == 302
    stored = Answer.objects.get(question=ranking)
    assert stored.choice_key == f"{bus.pk},{train.pk},{bike.pk}"
    assert stored.score is None
    assert Answer.objects.get(question=day).number_value == 20261204
    content = client.get(url("respond-page", token, 3)).content.decode()
    assert 'value="04/12/2026"' in content
    assert content.count("selected>") == 3


def test_an_open_link_visitor_answers_a_ranking(client, kinds_campaign, groups, page3, referent, settings):
    settings.OPEN_LINK_MIN_FILL_SECONDS = 0
    _page, ranking, _day = page3
    link = campaigns.open_link_create(campaign=kinds_campaign, group=groups[GroupKind.CITIZENS], actor=referent)
    start = post_start(client, url("open-link-start", open_link_token(link)))
    assert start.status_code == 302
    token = start.url.split("/q/")[1].split("/")[0]
    options = list(ranking.options.all())
    data = {f"q{ranking.pk}_o{o.pk}": str(rank) for o, rank in zip(options, [2, 3, 1], strict=True)}
    assert client.post(url("respond-page", token, 3), {**data, "action": "save"}).status_code == 302
    assert Answer.objects.get(question=ranking).choice_key == ",".join(str(options[i].pk) for i in (2, 0, 1))


def test_results_page_and_exports_show_rankings_and_dates(
    kinds_campaign, groups, page3, referent_client, commune_a, small
):
    _page, ranking, day = page3
    required = {small.q["single"]: str(small.option("single", 0))}
    college, citizens = groups[GroupKind.COLLEGE], groups[GroupKind.CITIZENS]
    fill(kinds_campaign, college, {**required, ranking: ranks(ranking, 1, 2, 3), day: "02/03/2026"})
    fill(kinds_campaign, college, {**required, ranking: ranks(ranking, 2, 1, 3), day: "28/03/2026"})
    fill(kinds_campaign, citizens, {**required, ranking: ranks(ranking, 1, 3, 2), day: "04/12/2026"})
    results = campaign_results(kinds_campaign)
    by_id = {q.id: q for q in results.questions}
    ranked = {r.label: r for r in by_id[ranking.pk].overall.ranks}
    assert ranked["Vélo"].mean_rank == pytest.approx(4 / 3)
    assert ranked["Vélo"].first == 2
    dated = by_id[day.pk].overall
    assert (str(dated.earliest), str(dated.latest)) == ("2026-03-02", "2026-12-04")
    assert [(str(m.month), m.count) for m in dated.months] == [("2026-03-01", 2), ("2026-12-01", 1)]

    page = referent_client.get(url("campaign-results", commune_a.slug, kinds_campaign.pk))
    content = page.content.decode()
    assert "02/03/2026" in content and "04/12/2026" in content
    assert f'id="chart-q{ranking.pk}"' in content
    details = referent_client.get(
        url("campaign-results", commune_a.slug, kinds_campaign.pk) + f"?details={ranking.pk}", HTTP_HX_REQUEST="true"
    )
    assert details.status_code == 200
    assert "Vélo" in details.content.decode()

    csv_reply = referent_client.get(url("campaign-export", commune_a.slug, kinds_campaign.pk, "results", "csv"))
    rows = list(csv.reader(io.StringIO(csv_reply.content.decode("utf-8-sig")), delimiter=";"))
    assert any(row[:2] == [ranking.code, "Classez"] and row[4] == "Vélo" for row in rows)
    raw = referent_client.get(url("campaign-export", commune_a.slug, kinds_campaign.pk, "answers", "xlsx"))
    sheet = openpyxl.load_workbook(io.BytesIO(raw.content)).active
    values = {cell.value for row in sheet.iter_rows(min_row=2) for cell in row}
    assert "1. Vélo; 2. Bus; 3. Train" in values
    assert "04/12/2026" in values


def test_autosave_of_a_ranking_tells_until_every_answer_has_its_rank(client, kinds_campaign, groups, page3, referent):
    _page, ranking, _day = page3
    (person,) = campaigns.respondents_add(
        campaign=kinds_campaign,
        group=groups[GroupKind.ADMINISTRATION],
        actor=referent,
        people=[("Ana Lopez", "ana@example.org")],
        send=False,
    )
    token = response_token(person.response)
    bike, bus, train = ranking.options.all()
    autosave = url("respond-autosave", token, ranking.pk)
    halfway = {f"q{ranking.pk}_o{bike.pk}": "1", f"q{ranking.pk}_o{bus.pk}": "2"}
    reply = client.post(autosave, halfway, HTTP_HX_REQUEST="true")
    assert reply.status_code == 422
    # Said while ranking, after each choice: what is left to do, not how to skip the question.
    assert_message_in(reply, ERROR_RANKING_UNFINISHED % {"count": 3})
    assert "skip" not in reply.content.decode() and "passer la question" not in reply.content.decode()
    assert not Answer.objects.filter(question=ranking).exists()
    reply = client.post(autosave, {**halfway, f"q{ranking.pk}_o{train.pk}": "3"}, HTTP_HX_REQUEST="true")
    assert reply.status_code == 200
    assert Answer.objects.get(question=ranking).choice_key == f"{bike.pk},{bus.pk},{train.pk}"


def test_the_summary_gives_a_ranking_in_its_order_and_a_date_day_first(client, kinds_campaign, groups, page3, referent):
    """The respondent's summary (page and text file) says the answer as its kind does, not 20261204."""
    _page, ranking, day = page3
    (person,) = campaigns.respondents_add(
        campaign=kinds_campaign,
        group=groups[GroupKind.ADMINISTRATION],
        actor=referent,
        people=[("Ana Lopez", "ana@example.org")],
        send=False,
    )
    token = response_token(person.response)
    data = {**ranks(ranking, 3, 1, 2), f"q{day.pk}": "4/12/2026", "action": "save"}
    data = {(f"q{ranking.pk}{k}" if k.startswith("_o") else k): v for k, v in data.items()}
    assert client.post(url("respond-page", token, 3), data).status_code == 302
    for name in ("respond-summary", "respond-summary-download"):
        content = client.get(url(name, token)).content.decode()
        assert "1. Bus; 2. Train; 3. Vélo" in content
        assert "04/12/2026" in content
        assert "20261204" not in content
