"""French first: a first visit is French whatever the browser says; English is one click away and kept.

Dates read day first in both languages (Belgian readers take 12/04 for April).
"""

import datetime
import gettext
import re
from pathlib import Path

import pytest
from django import forms
from django.conf import settings
from django.template import Context, Template
from django.test import Client
from django.urls import reverse
from django.utils import translation

pytestmark = pytest.mark.django_db


def login_page(client: Client, **headers) -> str:
    return client.get(reverse("accounts:login"), **headers).content.decode()


@pytest.mark.parametrize("browser", ["en", "en-US,en;q=0.9", "de", "nl-BE"])
def test_a_first_visit_is_french_whatever_the_browser_asks(browser):
    page = login_page(Client(), HTTP_ACCEPT_LANGUAGE=browser)
    assert 'lang="fr"' in page
    assert "Se connecter" in page


def test_choosing_english_is_remembered_for_anonymous_visitors():
    client = Client(HTTP_ACCEPT_LANGUAGE="fr")
    response = client.post(reverse("accounts:language"), {"language": "en", "next": reverse("accounts:login")})
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    page = login_page(client)
    assert 'lang="en"' in page
    assert "Log in" in page


def test_an_unknown_language_cookie_falls_back_to_french():
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "xx"
    assert 'lang="fr"' in login_page(client, HTTP_ACCEPT_LANGUAGE="en")


def test_a_user_who_chose_english_keeps_it_after_logging_in(client_for, referent):
    referent.language = "en"
    referent.save(update_fields=["language"])
    page = client_for(referent).get(reverse("accounts:profile"), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert 'lang="en"' in page


def test_english_chosen_on_the_login_page_stays_after_logging_in(referent):
    client = Client()
    client.post(reverse("accounts:language"), {"language": "en", "next": reverse("accounts:login")})
    response = client.post(reverse("accounts:login"), {"username": "referent", "password": "pw"})
    assert response.status_code == 302
    assert 'lang="en"' in client.get(reverse("accounts:profile")).content.decode()
    referent.refresh_from_db()
    assert referent.language == "en"


def test_the_login_page_after_logging_out_speaks_the_profile_language(referent):
    referent.language = "en"
    referent.save(update_fields=["language"])
    client = Client()  # a browser that never used the switch
    response = client.post(reverse("accounts:login"), {"username": "referent", "password": "pw"})
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    client.post(reverse("accounts:logout"))
    assert 'lang="en"' in login_page(client)


def test_a_language_chosen_before_an_earlier_login_does_not_come_back(referent):
    client = Client()
    client.post(reverse("accounts:language"), {"language": "en", "next": reverse("accounts:login")})
    client.post(reverse("accounts:login"), {"username": "referent", "password": "pw"})
    client.post(reverse("accounts:language"), {"language": "fr"})
    client.post(reverse("accounts:logout"))
    client.post(reverse("accounts:login"), {"username": "referent", "password": "pw"})
    referent.refresh_from_db()
    assert referent.language == "fr"


@pytest.mark.parametrize(
    ("language", "short", "long"),
    [("fr", "04/12/2026", "4 décembre 2026"), ("en", "04/12/2026", "4 December 2026")],
)
def test_dates_read_day_first_in_both_languages(language, short, long):
    template = Template('{{ day|date:"SHORT_DATE_FORMAT" }}|{{ day|date:"DATE_FORMAT" }}')
    with translation.override(language):
        assert template.render(Context({"day": datetime.date(2026, 12, 4)})) == f"{short}|{long}"


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("typed", ["04/12/2026", "2026-12-04"])
def test_typed_dates_are_read_day_first(language, typed):
    with translation.override(language):
        assert forms.DateField().clean(typed) == datetime.date(2026, 12, 4)


def test_sort_options_follow_the_page_language():
    from communes.filters import CommuneOverviewFilter
    from communes.models import Commune

    choices = CommuneOverviewFilter(queryset=Commune.objects.none()).filters["ordering"].field.choices
    with translation.override("en"):
        english = {value: str(label) for value, label in choices}
    with translation.override("fr"):
        french = {value: str(label) for value, label in choices}
    assert english["-name"] == "Name (descending)"
    assert english["-last_activity"] == "Last activity (descending)"
    assert french["-name"] == "Nom (décroissant)"
    assert french["progress"] == "Avancement"


def test_the_commune_page_in_english_says_director_general(referent, client_for, commune_a):
    client = client_for(referent)
    referent.language = "en"
    referent.save(update_fields=["language"])
    page = client.get(reverse("communes:commune-detail", args=[commune_a.slug])).content.decode()
    assert "Director general" in page
    assert "Directeur général" not in page
    referent.language = "fr"
    referent.save(update_fields=["language"])
    assert "Directeur général" in client.get(reverse("communes:commune-detail", args=[commune_a.slug])).content.decode()


def test_the_open_link_form_labels_its_group_in_french():
    from diagnostics.forms.campaigns import OpenLinkForm

    with translation.override("fr"):
        assert str(OpenLinkForm.base_fields["group"].label) == "Groupe"


@pytest.mark.parametrize(
    ("name", "french"),
    [
        ("IGRETEC", "d’IGRETEC"),
        ("Aiseau-Presles", "d’Aiseau-Presles"),
        ("Écaussinnes", "d’Écaussinnes"),
        ("Yvoir", "d’Yvoir"),
        ("Charleroi", "de Charleroi"),
        ("Huy", "de Huy"),
        ("Hannut", "de Hannut"),
    ],
)
def test_de_elides_before_a_vowel_in_french_only(name, french):
    template = Template(
        "{% load i18n %}{% blocktranslate with of_name=name|de %}Roadmap of {{ of_name }}{% endblocktranslate %}"
    )
    with translation.override("fr"):
        assert template.render(Context({"name": name})) == f"Feuille de route {french}"
    with translation.override("en"):
        assert template.render(Context({"name": name})) == f"Roadmap of {name}"


# Message variables that hold the name of a commune, a territory, an organisation or a person.
NAME_VARIABLES = r"(?:name|commune|territory|intercommunale|org|person)"


def test_no_french_message_puts_de_or_que_before_a_name():
    """ "de IGRETEC", "que IGRETEC": such a message takes `of_name` (the `de` filter) or is worded around it."""
    from smartregion.typography import of_name

    with open(Path(settings.BASE_DIR) / "locale" / "fr" / "LC_MESSAGES" / "django.mo", "rb") as handle:
        catalogue = gettext.GNUTranslations(handle)._catalog
    loose = [
        text
        for text in catalogue.values()
        if isinstance(text, str) and re.search(rf"\b(?:de|que) %\({NAME_VARIABLES}\)s", text)
    ]
    assert not loose, f"{len(loose)} French messages with 'de'/'que' before a name, e.g. {loose[:3]}"
    with translation.override("fr"):
        assert of_name("IGRETEC — Charleroi Métropole") == "d’IGRETEC — Charleroi Métropole"


def test_python_messages_elide_too():
    from smartregion.typography import of_name

    with translation.override("fr"):
        assert (
            translation.gettext("The answers of %(of_commune)s are saved.") % {"of_commune": of_name("Aiseau-Presles")}
            == "Les réponses d’Aiseau-Presles sont enregistrées."
        )


@pytest.mark.parametrize(
    ("language", "day", "expected"),
    [
        ("fr", 1, "Proposition du 1er décembre 2026"),
        ("fr", 2, "Proposition du 2 décembre 2026"),
        ("en", 1, "Proposal of 1 December 2026"),
    ],
)
def test_the_first_of_the_month_is_1er_in_french(language, day, expected):
    template = Template(
        "{% load i18n %}"
        '{% blocktranslate with date=day|long_date:"j F Y" %}Proposal of {{ date }}{% endblocktranslate %}'
    )
    with translation.override(language):
        assert template.render(Context({"day": datetime.date(2026, 12, day)})) == expected


def test_report_dates_say_1er_too():
    from reports.templatetags.report_tags import report_date

    with translation.override("fr"):
        assert report_date("2026-12-01") == "1er décembre 2026"
        assert report_date("2026-12-11") == "11 décembre 2026"


def test_no_date_in_templates_skips_the_french_ordinal():
    """Long dates go through long_date (or report_date), which writes "1er"; `date` would print "1 décembre"."""
    from pathlib import Path

    loose = [
        str(path)
        for path in (Path(settings.BASE_DIR) / "templates").rglob("*")
        if path.is_file() and re.search(r'\|date:"(DATE_FORMAT|DATETIME_FORMAT|j F)', path.read_text("utf-8"))
    ]
    assert not loose


@pytest.mark.parametrize(
    ("msgid", "plural", "count", "french"),
    [
        ("%(s)s strategic objective,", "%(s)s strategic objectives,", 1, "1 objectif stratégique,"),
        ("%(s)s strategic objective,", "%(s)s strategic objectives,", 3, "3 objectifs stratégiques,"),
        (
            "%(answered)s of %(counter)s question answered",
            "%(answered)s of %(counter)s questions answered",
            1,
            "Question avec une réponse\xa0: 1 sur 1",
        ),
        ("%(count)s response imported.", "%(count)s responses imported.", 1, "1 réponse importée."),
    ],
    ids=["objective-one", "objective-many", "questions-one", "imported-one"],
)
def test_counted_nouns_agree_with_their_number(msgid, plural, count, french):
    values = {"s": count, "answered": count, "counter": count, "count": count}
    with translation.override("fr"):
        assert translation.ngettext(msgid, plural, count) % values == french


def test_the_pst_summary_on_the_diagnostic_home_agrees_in_number():
    template = Template(
        "{% load i18n %}{% blocktranslate count s=1 %}{{ s }} strategic objective,"
        "{% plural %}{{ s }} strategic objectives,"
        "{% endblocktranslate %}"
    )
    with translation.override("fr"):
        assert template.render(Context()) == "1 objectif stratégique,"


def test_a_published_finding_is_masculine():
    with translation.override("fr"):
        assert translation.pgettext("finding", "Published") == "Publié"
        assert translation.gettext("Published") == "Publiée"


def test_quotes_follow_the_language():
    from smartregion.typography import quoted

    with translation.override("fr"):
        assert quoted("Guichet") == "«\u00a0Guichet\u00a0»"
    with translation.override("en"):
        assert quoted("Guichet") == "“Guichet”"


def test_a_group_that_scores_a_pillar_needs_no_verb_agreement():
    with translation.override("fr"):
        text = translation.gettext("%(pillar)s: %(high)s score it %(high_score)s, %(low)s %(low_score)s.") % {
            "pillar": "Économie",
            "high": "Collège communal",
            "high_score": 60,
            "low": "Citoyens",
            "low_score": 40,
        }
    assert "donnent" not in text
    assert "«\u00a0Collège communal\u00a0»" in text


def test_the_dashboard_progress_stays_on_one_line(referent_client, commune_a):
    from tests.factories import AccompanimentFactory

    AccompanimentFactory(commune=commune_a)
    page = referent_client.get(reverse("communes:commune-list")).content.decode()
    cell = re.search(r'<td class="text-nowrap">\s*<progress.*?</td>', page, re.S)
    assert cell is not None
    assert re.search(r"\d+&nbsp;%</span>", cell.group(0))


def test_no_dashboard_filter_is_squeezed_into_one_twelfth(referent_client):
    """At 1024 and 1280 px a one-twelfth column let "En retard uniquement" run past the card's edge."""
    page = referent_client.get(reverse("communes:commune-list")).content.decode()
    filters = re.search(r'<div class="row g-2 align-items-end">.*?type="submit"', page, re.S).group(0)
    columns = re.findall(r'<div class="(col-[^"]*)">', filters)
    assert len(columns) == 6, columns
    for classes in columns:
        widths = dict(re.findall(r"col-(md|lg|xl)-(\d+)", classes))
        assert int(widths["md"]) >= 3 and int(widths.get("lg", widths["md"])) >= 3, classes
        assert int(widths.get("xl", widths.get("lg", widths["md"]))) >= 2, classes


def test_long_dates_are_in_local_time_like_date():
    moment = datetime.datetime(2026, 11, 30, 23, 30, tzinfo=datetime.UTC)  # 1 December, 00:30 in Brussels
    template = Template('{{ moment|long_date:"j F Y, H:i" }}|{{ moment|date:"j F Y, H:i" }}')
    with translation.override("fr"):
        assert template.render(Context({"moment": moment})) == "1er décembre 2026, 00:30|1 décembre 2026, 00:30"


def test_staff_days_in_plan_explanations_are_french():
    """The plan's exclusion reasons said "30 staff days" on French pages: the alias hid it from makemessages."""
    from roadmaps import planning
    from roadmaps.selectors import _resource_amount

    with translation.override("fr"):
        assert _resource_amount(planning.STAFF, 30) == "30 jours-personnes"


def test_service_messages_say_1er_too():
    from diagnostics.services.responses import _date

    with translation.override("fr"):
        assert _date(datetime.date(2026, 12, 1)) == "1er décembre 2026"
    with translation.override("en"):
        assert _date(datetime.date(2026, 12, 1)) == "1 December 2026"


def test_all_agrees_with_the_filter_it_empties(territory):
    """ "Province : Tous" is wrong French: province, phase, commune, personne, action are feminine."""
    from communes.filters import ActivityFilter, CommuneOverviewFilter
    from communes.models import Activity, Commune

    with translation.override("fr"):
        overview = CommuneOverviewFilter(queryset=Commune.objects.none()).form
        feed = ActivityFilter(
            territory=territory, queryset=Activity.objects.none(), actors=Activity.objects.none(), verbs=()
        ).form
        firsts = {
            name: str(list(form.fields[name].choices)[0][1])
            for form, names in ((overview, ("province", "phase", "status")), (feed, ("commune", "actor", "verb")))
            for name in names
        }
    assert firsts == {
        "province": "Toutes",
        "phase": "Toutes",
        "status": "Tous",
        "commune": "Toutes",
        "actor": "Toutes",
        "verb": "Toutes",
    }
    with translation.override("en"):
        assert (
            str(list(CommuneOverviewFilter(queryset=Commune.objects.none()).form.fields["province"].choices)[0][1])
            == "All"
        )


def test_the_semicolons_of_a_plan_explanation_keep_their_french_space():
    """ "il reste 12 000 € pour le court terme; il reste …": French puts a no-break space before ";"."""
    from roadmaps import planning
    from roadmaps.models import Horizon
    from roadmaps.selectors import exclusion_text

    shortfalls = [
        {"resource": planning.INVESTMENT, "needed": 250000, "horizon": Horizon.SHORT, "left": 12000},
        {"resource": planning.INVESTMENT, "needed": 250000, "horizon": Horizon.MEDIUM, "left": 65000},
    ]
    with translation.override("fr"):
        text = exclusion_text({"reason": planning.BUDGET, "shortfalls": shortfalls}, {})
    assert "court terme\u00a0; il reste" in text, text
    with translation.override("en"):
        assert "; " in exclusion_text({"reason": planning.BUDGET, "shortfalls": shortfalls}, {})


@pytest.mark.parametrize(
    ("source", "values", "french"),
    [
        (
            "{% blocktranslate with of_code=code|de %}Actions of {{ of_code }}{% endblocktranslate %}",
            {"code": "OO1.1"},
            "Actions d’OO1.1",
        ),
        (
            "{% blocktranslate with of_source=a|de b=b %}Edit the exchange from {{ of_source }} to {{ b }}"
            "{% endblocktranslate %}",
            {"a": "Ancien logiciel", "b": "Courrier Tracker"},
            "Modifier l'échange d’Ancien logiciel vers Courrier Tracker",
        ),
    ],
    ids=["pst-actions", "inventory-exchange"],
)
def test_codes_and_system_names_elide_too(source, values, french):
    template = Template("{% load i18n %}" + source)
    with translation.override("fr"):
        assert template.render(Context(values)) == french
