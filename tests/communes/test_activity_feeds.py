"""The feeds that read the audit trail: the commune page's recent activity and the territory's feed."""

import html
import re

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from barometer.models import BarometerVerb
from communes import services
from communes.models import ActivityVerb, Commune
from reports.models import ReportVerb
from tests.factories import ActivityFactory, CommuneFactory
from tests.helpers import assert_login_redirect, assert_message_in, response_language, translated

pytestmark = pytest.mark.django_db


def feed_url(territory, **params):
    url = reverse("communes:territory-activity", args=[territory.slug])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")


class TestTerritoryFeedAccess:
    def test_anonymous_goes_to_login(self, client, territory):
        assert_login_redirect(client.get(feed_url(territory)), feed_url(territory))

    @pytest.mark.parametrize("who", ["other_referent", "nobody"])
    def test_outsider_gets_404(self, request, client_for, territory, who):
        assert client_for(request.getfixturevalue(who)).get(feed_url(territory)).status_code == 404

    @pytest.mark.parametrize("who", ["staff_a", "staff_b", "college_a"])
    def test_commune_people_may_not_read_it(self, request, client_for, territory, who):
        assert client_for(request.getfixturevalue(who)).get(feed_url(territory)).status_code == 403

    def test_unknown_territory_gets_404(self, referent_client):
        assert referent_client.get(reverse("communes:territory-activity", args=["nowhere"])).status_code == 404

    @pytest.mark.parametrize("method", ["post", "put", "delete"])
    def test_only_get(self, referent_client, territory, method):
        assert getattr(referent_client, method)(feed_url(territory)).status_code == 405


class TestTerritoryFeed:
    @pytest.fixture
    def records(self, territory, commune_a, commune_b, commune_other, referent, staff_a):
        return {
            "a": ActivityFactory(
                commune=commune_a, actor=staff_a, verb=ActivityVerb.MILESTONE_ADDED, subject="Kick-off"
            ),
            "b": ActivityFactory(commune=commune_b, actor=referent, verb=ReportVerb.REQUESTED, subject="v1"),
            "territory": services.audit_record(
                territory=territory, actor=referent, verb=ActivityVerb.TERRITORY_LOGO_UPDATED
            ),
            "other": ActivityFactory(commune=commune_other, verb=ActivityVerb.MILESTONE_ADDED, subject="Elsewhere"),
        }

    def test_lists_the_territory_records_newest_first(self, referent_client, territory, records):
        response = referent_client.get(feed_url(territory))
        assert response.status_code == 200
        assert list(response.context["activities"]) == [records["territory"], records["b"], records["a"]]
        content = response.content.decode()
        assert "Kick-off" in content and "Elsewhere" not in content
        assert_message_in(response, _("Whole territory"))

    @pytest.mark.parametrize(
        ("params", "expected"),
        [
            ({"commune": "a"}, ["a"]),
            ({"actor": "referent"}, ["territory", "b"]),
            ({"verb": ReportVerb.REQUESTED}, ["b"]),
            ({"commune": "b", "actor": "staff_a"}, []),
        ],
        ids=["commune", "actor", "verb", "commune-and-actor"],
    )
    def test_filters(self, request, referent_client, territory, commune_a, commune_b, records, params, expected):
        ids = {"a": commune_a.pk, "b": commune_b.pk}
        query = {
            key: ids[value] if key == "commune" else request.getfixturevalue(value).pk if key == "actor" else value
            for key, value in params.items()
        }
        response = referent_client.get(feed_url(territory, **query))
        assert list(response.context["activities"]) == [records[name] for name in expected]

    @pytest.mark.parametrize(
        "params", [{"commune": "999999"}, {"verb": "no_such_verb"}, {"actor": "abc"}], ids=["commune", "verb", "actor"]
    )
    def test_a_bad_filter_value_is_a_form_error_not_a_500(self, referent_client, territory, records, params):
        response = referent_client.get(feed_url(territory, **params))
        assert response.status_code == 200
        assert response.context["filter"].form.errors

    def test_an_other_territory_commune_is_not_a_choice(self, referent_client, territory, commune_other, records):
        response = referent_client.get(feed_url(territory, commune=commune_other.pk))
        assert response.context["filter"].form.errors

    def test_what_changed_shows_labels_not_values(self, referent_client, territory, commune_a, referent):
        services.commune_update(
            commune=commune_a, actor=referent, fields={"population": 31234, "alderman_name": "Paul Privé"}
        )
        response = referent_client.get(feed_url(territory))
        content = response.content.decode()
        for name in ("population", "alderman_name"):
            assert_message_in(response, Commune._meta.get_field(name).verbose_name)
        assert "31234" not in content and "Paul Privé" not in content

    def test_paginated(self, referent_client, territory, commune_a):
        ActivityFactory.create_batch(55, commune=commune_a)
        page_one = referent_client.get(feed_url(territory))
        assert len(page_one.context["activities"]) == 50
        page_two = referent_client.get(feed_url(territory, page=2))
        assert len(page_two.context["activities"]) == 5

    def test_the_next_link_opens_the_next_page(self, referent_client, territory, commune_a):
        ActivityFactory.create_batch(55, commune=commune_a)
        page_one = referent_client.get(feed_url(territory)).content.decode()
        href = re.search(r'<a class="page-link" href="([^"]*)">Suivant</a>', page_one).group(1)
        assert href == "?page=2"  # not "??page=2", read as a parameter named "?page"
        page_two = referent_client.get(feed_url(territory) + html.unescape(href))
        assert page_two.context["page"].number == 2

    def test_fixed_number_of_queries(self, referent_client, territory, django_assert_max_num_queries, referent):
        def page_queries(count: int) -> int:
            for index in range(count):
                commune = CommuneFactory(territory=territory)
                ActivityFactory(
                    commune=commune,
                    actor=referent,
                    subject=f"r{index}",
                    changes={"model": "communes.commune", "fields": {"name": {}}},
                )
            from django.db import connection
            from django.test.utils import CaptureQueriesContext

            with CaptureQueriesContext(connection) as captured:
                assert referent_client.get(feed_url(territory, verb=ActivityVerb.COMMUNE_UPDATED)).status_code == 200
            return len(captured)

        few = page_queries(1)
        with django_assert_max_num_queries(few):
            assert referent_client.get(feed_url(territory, verb=ActivityVerb.COMMUNE_UPDATED)).status_code == 200
        assert page_queries(40) == few


class TestCommuneFeed:
    def test_says_which_fields_changed(self, referent_client, commune_a, referent):
        services.commune_update(commune=commune_a, actor=referent, fields={"population": 31234})
        response = referent_client.get(reverse("communes:commune-detail", args=[commune_a.slug]))
        content = response.content.decode()
        assert_message_in(response, ActivityVerb.COMMUNE_UPDATED.label)
        population = translated(Commune._meta.get_field("population").verbose_name, response)
        with translation.override(response_language(response)):
            assert escape(gettext("Changed: %(fields)s") % {"fields": population}) in content
        assert "31234" not in content.split("activity-heading")[1]

    def test_territory_records_stay_out_of_the_commune_feed(self, referent_client, territory, commune_a, referent):
        services.audit_record(territory=territory, actor=referent, verb=ActivityVerb.TERRITORY_LOGO_UPDATED)
        response = referent_client.get(reverse("communes:commune-detail", args=[commune_a.slug]))
        assert list(response.context["activities"]) == []


class TestTerritoryFeedFilterChoices:
    """The feed's drop-downs read as French: Châtelet before Chimay, “Écartée” among the E, “Toutes”."""

    def test_communes_follow_french_collation(self, referent_client, territory):
        for name in ("Chimay", "Châtelet", "Charleroi"):
            CommuneFactory(territory=territory, name=name)
        form = referent_client.get(feed_url(territory)).context["filter"].form
        names = [str(label) for value, label in form.fields["commune"].choices if value]
        wanted = [n for n in names if n in {"Chimay", "Châtelet", "Charleroi"}]
        assert wanted == ["Charleroi", "Châtelet", "Chimay"]

    def test_actions_follow_french_collation(self, referent_client, territory):
        form = referent_client.get(feed_url(territory)).context["filter"].form
        labels = [str(label) for value, label in form.fields["verb"].choices if value]
        with translation.override("fr"):
            published = str(BarometerVerb.EDITION_PUBLISHED.label)
        assert published.startswith("É")
        # An accented capital sorts with its letter, not after Z.
        assert labels.index(published) < labels.index(next(label for label in labels if label.startswith("F")))

    def test_all_agrees_with_feminine_labels(self, referent_client, territory):
        response = referent_client.get(feed_url(territory))
        assert response_language(response) == "fr"
        content = response.content.decode()
        assert ">Toutes</option>" in content
        assert ">Tous</option>" not in content
