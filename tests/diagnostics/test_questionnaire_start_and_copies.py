"""Starting a questionnaire: an empty one is offered and can be chosen; copies of the template are told apart
and can be renamed."""

import re

from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from diagnostics.models import Questionnaire
from diagnostics.models.questionnaires import PROVENANCE
from diagnostics.services import builder
from tests.helpers import translated


def url(name, *args):
    return reverse(f"diagnostics:{name}", args=args)


def test_the_start_page_offers_an_empty_questionnaire_as_a_choice(referent_client, template, commune_a):
    content = referent_client.get(url("questionnaire-create", commune_a.slug)).content.decode()
    radios = re.findall(r'<input type="radio"[^>]*name="template" value="([^"]*)"', content)
    assert "" in radios
    assert str(template.pk) in radios


def test_choosing_the_empty_questionnaire_creates_one_page_and_no_question(referent_client, template, commune_a):
    create_url = url("questionnaire-create", commune_a.slug)
    page = referent_client.get(create_url).content.decode()
    token = re.search(r'name="form_token" value="([^"]+)"', page).group(1)
    response = referent_client.post(create_url, {"template": "", "title_fr": "Enquête vide", "form_token": token})
    questionnaire = Questionnaire.objects.get(commune=commune_a)
    assert response.url == url("questionnaire-detail", commune_a.slug, questionnaire.pk)
    assert questionnaire.title_fr == "Enquête vide"
    assert questionnaire.source is None
    assert questionnaire.sections.count() == 1
    assert questionnaire.questions.count() == 0
    # The same form sent twice creates one questionnaire.
    referent_client.post(create_url, {"template": "", "title_fr": "Enquête vide", "form_token": token})
    assert Questionnaire.objects.filter(commune=commune_a).count() == 1


def test_copies_of_the_template_say_who_copied_them_and_when(referent_client, template, commune_a, referent, staff_a):
    referent.first_name, referent.last_name = "Cécile", "Dumont"
    referent.save(update_fields=["first_name", "last_name"])
    first = builder.questionnaire_copy(source=template, commune=commune_a, actor=referent)
    second = builder.questionnaire_copy(source=template, commune=commune_a, actor=staff_a)
    with translation.override("en"):
        day = date_format(timezone.localtime(first.created_at), "SHORT_DATETIME_FORMAT")
        assert first.provenance == f"copied by Cécile Dumont on {day}"
        assert first.label != second.label
    response = referent_client.get(url("questionnaire-list", commune_a.slug))
    content = response.content.decode()
    for copy, name in ((first, "Cécile Dumont"), (second, str(staff_a))):
        with translation.override("fr"):
            day = date_format(timezone.localtime(copy.created_at), "SHORT_DATETIME_FORMAT")
        assert translated(PROVENANCE["copy"] % {"name": name, "date": day}, response) in content
    assert url("questionnaire-update", commune_a.slug, first.pk) in content


def test_the_campaign_drop_down_tells_copies_apart(referent_client, template, commune_a, referent):
    """Two copies by one person on one day differ by the time they were made."""
    copies = [builder.questionnaire_copy(source=template, commune=commune_a, actor=referent) for _ in range(2)]
    Questionnaire.objects.filter(pk=copies[1].pk).update(created_at=timezone.now() - timezone.timedelta(hours=2))
    content = referent_client.get(url("campaign-create", commune_a.slug)).content.decode()
    labels = re.findall(r"<option value=\"\d+\"[^>]*>([^<]+)</option>", content)
    mine = [label for label in labels if str(referent) in label]
    assert len(mine) == 2
    assert len(set(mine)) == 2


@translation.override("en")
def test_an_empty_questionnaire_and_a_new_version_say_so(template, commune_a, referent):
    empty = builder.questionnaire_create(commune=commune_a, actor=referent, title_fr="Vide")
    assert empty.provenance.startswith(f"created by {referent} on ")
    copy = builder.questionnaire_copy(source=template, commune=commune_a, actor=None)
    assert copy.provenance.startswith("copied on ")
    new = builder.questionnaire_new_version(questionnaire=copy, actor=referent)
    assert new.provenance.startswith(f"version made by {referent} on ")


def test_a_copy_is_renamed_with_the_edit_version_check(referent_client, template, commune_a, referent):
    copy = builder.questionnaire_copy(source=template, commune=commune_a, actor=referent)
    update_url = url("questionnaire-update", commune_a.slug, copy.pk)
    stale = copy.edit_version
    response = referent_client.post(update_url, {"title_fr": "Diagnostic 2027", "title_en": "", "edit_version": stale})
    assert response.status_code == 302
    copy.refresh_from_db()
    assert copy.title_fr == "Diagnostic 2027"
    response = referent_client.post(update_url, {"title_fr": "Autre nom", "title_en": "", "edit_version": stale})
    assert response.status_code == 200
    copy.refresh_from_db()
    assert copy.title_fr == "Diagnostic 2027"
    assert "Autre nom" in response.content.decode()
    assert "Diagnostic 2027" in referent_client.get(url("questionnaire-list", commune_a.slug)).content.decode()


def test_a_copy_never_sent_says_so_rather_than_used_by_0_campaign(referent_client, template, commune_a, referent):
    """The list read “42 questions · utilisé par 0 campagne” for a fresh copy."""
    builder.questionnaire_copy(source=template, commune=commune_a, actor=referent)
    content = referent_client.get(url("questionnaire-list", commune_a.slug)).content.decode()
    assert "pas encore envoyé" in content
    assert "utilisé par 0 campagne" not in content
