"""smartregion.freshness: versions bumped by services, keys and cached values that follow them."""

import pytest
from django.core.cache import cache
from django.db import transaction
from django.template import Context, Template, TemplateSyntaxError

from smartregion import freshness
from smartregion.models import Version


@pytest.mark.django_db
def test_a_scope_never_bumped_is_at_version_zero():
    assert freshness.versions([("commune", 1), ("campaign", 1)]) == {("commune", 1): 0, ("campaign", 1): 0}
    assert freshness.versions([]) == {}


@pytest.mark.django_db
def test_bump_adds_one_to_each_key_and_only_to_it():
    freshness.bump("commune", 1, 2, None)
    freshness.bump("commune", 1)
    freshness.bump_many([("campaign", 1), ("campaign", None)])
    assert freshness.versions([("commune", 1), ("commune", 2), ("commune", 3), ("campaign", 1)]) == {
        ("commune", 1): 2,
        ("commune", 2): 1,
        ("commune", 3): 0,
        ("campaign", 1): 1,
    }


@pytest.mark.django_db
def test_a_row_created_meanwhile_by_another_writer_is_bumped_not_duplicated(monkeypatch):
    """The first UPDATE finds no row; another writer creates it before our INSERT, which then fails."""
    Version.objects.create(scope="commune", key=7, version=5)
    updates = []
    real_filter = Version.objects.filter

    class FirstUpdateMisses:
        def __init__(self, queryset):
            self.queryset = queryset

        def update(self, **values):
            updates.append(values)
            return 0 if len(updates) == 1 else self.queryset.update(**values)

    monkeypatch.setattr(Version.objects, "filter", lambda *a, **k: FirstUpdateMisses(real_filter(*a, **k)))
    freshness._bump_now("commune", [7])
    assert len(updates) == 2
    assert list(real_filter(scope="commune", key=7).values_list("version", flat=True)) == [6]


@pytest.mark.django_db
def test_the_key_follows_versions_salt_and_what_the_value_varies_with(settings):
    first = freshness.key("page", depends=[("commune", 1)], vary=["fr"])
    assert freshness.key("page", depends=[("commune", 1)], vary=["fr"]) == first
    assert freshness.key("page", depends=[("commune", 1)], vary=["en"]) != first
    assert freshness.key("other", depends=[("commune", 1)], vary=["fr"]) != first
    freshness.bump("commune", 1)
    bumped = freshness.key("page", depends=[("commune", 1)], vary=["fr"])
    assert bumped != first
    settings.FRESHNESS_SALT = "another release"
    assert freshness.key("page", depends=[("commune", 1)], vary=["fr"]) != bumped


@pytest.mark.django_db
def test_cached_computes_once_until_an_input_is_bumped():
    calls = []

    def compute():
        calls.append(1)
        return {"figure": len(calls)}

    assert freshness.cached("figure", depends=[("campaign", 3)], compute=compute) == {"figure": 1}
    assert freshness.cached("figure", depends=[("campaign", 3)], compute=compute) == {"figure": 1}
    freshness.bump("campaign", 4)  # another campaign: no effect
    assert freshness.cached("figure", depends=[("campaign", 3)], compute=compute) == {"figure": 1}
    freshness.bump("campaign", 3)
    assert freshness.cached("figure", depends=[("campaign", 3)], compute=compute) == {"figure": 2}
    assert len(calls) == 2


@pytest.mark.django_db
def test_a_falsy_value_is_cached_too():
    calls = []

    def compute():
        calls.append(1)
        return None

    freshness.cached("nothing", depends=[("commune", 1)], compute=compute)
    freshness.cached("nothing", depends=[("commune", 1)], compute=compute)
    assert calls == [1]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_version_moves_when_the_transaction_commits_and_not_before():
    with transaction.atomic():
        freshness.bump("commune", 9)
        assert freshness.versions([("commune", 9)]) == {("commune", 9): 0}
    assert freshness.versions([("commune", 9)]) == {("commune", 9): 1}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_rolled_back_change_bumps_nothing():
    with pytest.raises(RuntimeError), transaction.atomic():
        freshness.bump("commune", 10)
        raise RuntimeError("the service failed")
    assert freshness.versions([("commune", 10)]) == {("commune", 10): 0}


@pytest.mark.django_db
def test_the_fragment_tag_renders_once_per_key_and_again_after_a_bump():
    template = Template("{% load freshness %}{% cachedfragment key %}<b>{{ name }}</b>{% endcachedfragment %}")
    key = freshness.key("fragment", depends=[("commune", 1)])
    assert template.render(Context({"key": key, "name": "Courcelles"})) == "<b>Courcelles</b>"
    # Same key: the filed piece, whatever the context now holds.
    assert template.render(Context({"key": key, "name": "Fleurus"})) == "<b>Courcelles</b>"
    freshness.bump("commune", 1)
    key = freshness.key("fragment", depends=[("commune", 1)])
    assert template.render(Context({"key": key, "name": "Fleurus"})) == "<b>Fleurus</b>"


@pytest.mark.django_db
def test_the_fragment_tag_escapes_user_text_and_renders_without_a_key():
    template = Template("{% load freshness %}{% cachedfragment key %}{{ name }}{% endcachedfragment %}")
    key = freshness.key("escaped", depends=[("commune", 1)])
    assert template.render(Context({"key": key, "name": "<script>"})) == "&lt;script&gt;"
    assert template.render(Context({"key": key, "name": "other"})) == "&lt;script&gt;"
    assert template.render(Context({"key": "", "name": "<i>"})) == "&lt;i&gt;"
    assert cache.get("") is None


def test_the_fragment_tag_takes_exactly_one_key():
    with pytest.raises(TemplateSyntaxError):
        Template("{% load freshness %}{% cachedfragment %}x{% endcachedfragment %}")
