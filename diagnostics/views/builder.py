"""Pages for a commune's questionnaires: the list, copying a template, the builder, the question bank."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from communes.access import commune_rights, get_commune_for_user
from diagnostics.access.questionnaires import (
    get_bank_question,
    get_question_for_user,
    get_questionnaire_for_user,
    get_section_for_user,
)
from diagnostics.answering import spec_of
from diagnostics.capabilities import BUILD_QUESTIONNAIRES, SEND_QUESTIONNAIRES
from diagnostics.forms.builder import (
    BankAddForm,
    BankFilterForm,
    MoveForm,
    OptionFormSet,
    QuestionForm,
    QuestionnaireForm,
    QuestionnaireStartForm,
    RowFormSet,
    SectionForm,
    inputs,
    option_initial,
    row_initial,
)
from diagnostics.selectors import questionnaires as selectors
from diagnostics.selectors.responses import FillState, questionnaire_structure
from diagnostics.services import builder as services
from diagnostics.views.filling import page_context
from diagnostics.views.workspace_common import keep_conflict_input
from smartregion.errors import ServiceError
from smartregion.submissions import once_per_form_token
from smartregion.views import apply_service_error, render_form

BANK_PER_PAGE = 25


@login_required
@require_http_methods(["GET"])
def questionnaire_list(request, slug):
    commune = get_commune_for_user(request.user, slug)
    rights = commune_rights(request.user, commune)
    context = {
        "commune": commune,
        "rights": rights,
        "questionnaires": selectors.commune_questionnaires(commune) if rights.can(SEND_QUESTIONNAIRES) else [],
        "campaigns": selectors.commune_campaigns(commune),
    }
    return render(request, "diagnostics/questionnaire_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
@once_per_form_token
def questionnaire_create(request, slug):
    commune = get_commune_for_user(request.user, slug, need=BUILD_QUESTIONNAIRES)
    templates = selectors.template_questionnaires()
    form = QuestionnaireStartForm(request.POST or None, templates=templates, initial={"template": templates.first()})
    if request.method == "POST" and form.is_valid():
        template = form.cleaned_data["template"]
        if template is not None:
            questionnaire = services.questionnaire_copy(source=template, commune=commune, actor=request.user)
            messages.success(request, _("The template is copied: adapt it to the commune."))
        else:
            questionnaire = services.questionnaire_create(
                commune=commune, actor=request.user, title_fr=form.cleaned_data["title_fr"].strip()
            )
            messages.success(request, _("The questionnaire is created: add questions from the bank or your own."))
        return redirect("diagnostics:questionnaire-detail", slug=commune.slug, pk=questionnaire.pk)
    context = {"commune": commune, "form": form, "templates": templates}
    return render_form(request, "diagnostics/questionnaire_create.html", context, invalid=form.is_bound)


@login_required
@require_http_methods(["GET"])
def questionnaire_detail(request, slug, pk):
    questionnaire = get_questionnaire_for_user(request.user, slug, pk)
    context = {
        "commune": questionnaire.commune,
        "rights": commune_rights(request.user, questionnaire.commune),
        "builder": selectors.questionnaire_builder(questionnaire),
        "questionnaire": questionnaire,
    }
    return render(request, "diagnostics/questionnaire_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def questionnaire_update(request, slug, pk):
    questionnaire = get_questionnaire_for_user(request.user, slug, pk, need=BUILD_QUESTIONNAIRES)
    form = QuestionnaireForm(
        request.POST or None, instance=questionnaire, initial={"edit_version": questionnaire.edit_version}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.questionnaire_update(
                questionnaire=questionnaire,
                actor=request.user,
                fields={f: form.cleaned_data[f] for f in form.changed_data if f != "edit_version"},
                edit_version=form.cleaned_data.get("edit_version"),
            )
        except ServiceError as error:
            keep_conflict_input(form, error)
        else:
            messages.success(request, _("The questionnaire is saved."))
            return redirect("diagnostics:questionnaire-detail", slug=slug, pk=pk)
    context = {
        "commune": questionnaire.commune,
        "form": form,
        "heading": _("Title and introduction"),
        "back_url": questionnaire_url(questionnaire),
        "back_label": questionnaire.title,
    }
    return render_form(request, "diagnostics/builder_form.html", context, invalid=form.is_bound)


def questionnaire_url(questionnaire) -> str:
    return reverse("diagnostics:questionnaire-detail", args=[questionnaire.commune.slug, questionnaire.pk])


@login_required
@require_POST
@once_per_form_token
def questionnaire_new_version(request, slug, pk):
    questionnaire = get_questionnaire_for_user(request.user, slug, pk, need=BUILD_QUESTIONNAIRES)
    new = services.questionnaire_new_version(questionnaire=questionnaire, actor=request.user)
    messages.success(
        request,
        _("Version %(version)s is ready to change; campaigns keep the version they used.") % {"version": new.version},
    )
    return redirect("diagnostics:questionnaire-detail", slug=slug, pk=new.pk)


@login_required
@require_POST
def questionnaire_delete(request, slug, pk):
    questionnaire = get_questionnaire_for_user(request.user, slug, pk, need=BUILD_QUESTIONNAIRES)
    try:
        services.questionnaire_delete(questionnaire=questionnaire, actor=request.user)
    except ServiceError as error:
        messages.error(request, error.message)
        return redirect("diagnostics:questionnaire-detail", slug=slug, pk=pk)
    messages.success(request, _("The questionnaire is deleted."))
    return redirect("diagnostics:questionnaire-list", slug=slug)


@login_required
@require_http_methods(["GET"])
def questionnaire_preview(request, slug, pk, number):
    """The questionnaire as respondents see it, page by page, without saving anything."""
    questionnaire = get_questionnaire_for_user(request.user, slug, pk)
    sections, questions = questionnaire_structure(questionnaire.pk)
    if not 1 <= number <= len(sections):
        raise Http404
    state = FillState(
        response=None, sections=sections, questions=questions, specs={q.pk: spec_of(q) for q in questions}, answers={}
    )
    # A preview shows every question, conditional ones included.
    state.visible = {q.pk for q in questions}
    context = page_context(state, number, questionnaire=questionnaire, preview=True)
    context.update(commune=questionnaire.commune, back_url=questionnaire_url(questionnaire))
    return render(request, "diagnostics/respond_page.html", context)


# Pages -------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
@once_per_form_token
def section_create(request, slug, pk):
    questionnaire = get_questionnaire_for_user(request.user, slug, pk, need=BUILD_QUESTIONNAIRES)
    form = SectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.section_create(questionnaire=questionnaire, actor=request.user, **form.cleaned_data)
        messages.success(request, _("The page is added."))
        return redirect("diagnostics:questionnaire-detail", slug=slug, pk=pk)
    context = {
        "commune": questionnaire.commune,
        "form": form,
        "heading": _("New page"),
        "back_url": questionnaire_url(questionnaire),
        "back_label": questionnaire.title,
    }
    return render_form(request, "diagnostics/builder_form.html", context, invalid=form.is_bound)


@login_required
@require_http_methods(["GET", "POST"])
def section_update(request, slug, pk, section_pk):
    section = get_section_for_user(request.user, slug, pk, section_pk)
    form = SectionForm(request.POST or None, instance=section)
    if request.method == "POST" and form.is_valid():
        services.section_update(
            section=section, actor=request.user, fields={f: form.cleaned_data[f] for f in form.changed_data}
        )
        messages.success(request, _("The page is saved."))
        return redirect("diagnostics:questionnaire-detail", slug=slug, pk=pk)
    context = {
        "commune": section.questionnaire.commune,
        "form": form,
        "heading": _("Page “%(title)s”") % {"title": section.title},
        "back_url": questionnaire_url(section.questionnaire),
        "back_label": section.questionnaire.title,
    }
    return render_form(request, "diagnostics/builder_form.html", context, invalid=form.is_bound)


@login_required
@require_POST
def section_delete(request, slug, pk, section_pk):
    section = get_section_for_user(request.user, slug, pk, section_pk)
    try:
        services.section_delete(section=section, actor=request.user)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The page is removed."))
    return redirect("diagnostics:questionnaire-detail", slug=slug, pk=pk)


@login_required
@require_POST
def section_move(request, slug, pk, section_pk):
    section = get_section_for_user(request.user, slug, pk, section_pk)
    form = MoveForm(request.POST)
    if form.is_valid():
        try:
            services.section_move(section=section, actor=request.user, direction=form.cleaned_data["direction"])
        except ServiceError as error:
            messages.error(request, error.message)
    return redirect(questionnaire_url(section.questionnaire) + f"#section-{section.pk}")


# Questions ---------------------------------------------------------------------------------------


def _question_forms(request, questionnaire, question=None, section=None):
    data = request.POST if request.method == "POST" else None
    initial = {"section": section} if section is not None else {}
    form = QuestionForm(
        data,
        instance=question,
        initial=initial,
        questionnaire=questionnaire,
        condition_choices=selectors.condition_choices(questionnaire, before=question),
    )
    options = OptionFormSet(data, prefix="options", initial=option_initial(question))
    rows = RowFormSet(data, prefix="rows", initial=row_initial(question))
    return form, options, rows


def _question_page(request, context, form, options, rows):
    context.update(form=form, options=options, rows=rows)
    invalid = form.is_bound
    return render_form(request, "diagnostics/question_form.html", context, invalid=invalid)


@login_required
@require_http_methods(["GET", "POST"])
@once_per_form_token
def question_create(request, slug, pk, section_pk):
    section = get_section_for_user(request.user, slug, pk, section_pk)
    questionnaire = section.questionnaire
    form, options, rows = _question_forms(request, questionnaire, section=section)
    if request.method == "POST" and form.is_valid() and options.is_valid() and rows.is_valid():
        try:
            question = services.question_create(
                section=section,
                actor=request.user,
                fields=form.service_fields(),
                pillars=form.cleaned_data["pillars"],
                options=inputs(options),
                rows=inputs(rows),
            )
        except ServiceError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, _("Question %(code)s is added.") % {"code": question.code})
            return redirect(questionnaire_url(questionnaire) + f"#question-{question.pk}")
    context = {"commune": questionnaire.commune, "questionnaire": questionnaire, "question": None}
    return _question_page(request, context, form, options, rows)


@login_required
@require_http_methods(["GET", "POST"])
def question_update(request, slug, pk, question_pk):
    question = get_question_for_user(request.user, slug, pk, question_pk)
    questionnaire = question.questionnaire
    form, options, rows = _question_forms(request, questionnaire, question=question)
    if request.method == "POST" and form.is_valid() and options.is_valid() and rows.is_valid():
        try:
            services.question_update(
                question=question,
                actor=request.user,
                fields=form.service_fields(),
                pillars=form.cleaned_data["pillars"],
                options=inputs(options),
                rows=inputs(rows),
                edit_version=form.cleaned_data.get("edit_version"),
            )
        except ServiceError as error:
            keep_conflict_input(form, error)
        else:
            messages.success(request, _("Question %(code)s is saved.") % {"code": question.code})
            return redirect(questionnaire_url(questionnaire) + f"#question-{question.pk}")
    context = {
        "commune": questionnaire.commune,
        "questionnaire": questionnaire,
        "question": question,
        "answer_count": question.answers.values("response").distinct().count(),
    }
    return _question_page(request, context, form, options, rows)


@login_required
@require_POST
def question_delete(request, slug, pk, question_pk):
    question = get_question_for_user(request.user, slug, pk, question_pk)
    try:
        services.question_delete(question=question, actor=request.user)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Question %(code)s is removed.") % {"code": question.code})
    return redirect("diagnostics:questionnaire-detail", slug=slug, pk=pk)


@login_required
@require_POST
def question_move(request, slug, pk, question_pk):
    question = get_question_for_user(request.user, slug, pk, question_pk)
    form = MoveForm(request.POST)
    if form.is_valid():
        try:
            services.question_move(question=question, actor=request.user, direction=form.cleaned_data["direction"])
        except ServiceError as error:
            messages.error(request, error.message)
    return redirect(questionnaire_url(question.questionnaire) + f"#question-{question.pk}")


@login_required
@require_http_methods(["GET", "POST"])
def question_bank(request, slug, pk):
    """Questions of the shipped templates, filtered by pillar, theme, type or words, to add to this questionnaire."""
    questionnaire = get_questionnaire_for_user(request.user, slug, pk, need=BUILD_QUESTIONNAIRES)
    add_form = BankAddForm(request.POST or None, questionnaire=questionnaire)
    if request.method == "POST":
        if add_form.is_valid():
            bank_question = get_bank_question(add_form.cleaned_data["question"])
            try:
                question = services.question_add_from_bank(
                    bank_question=bank_question, section=add_form.cleaned_data["section"], actor=request.user
                )
            except ServiceError as error:
                messages.error(request, error.message)
            else:
                messages.success(request, _("Question %(code)s is added from the bank.") % {"code": question.code})
                return redirect(questionnaire_url(questionnaire) + f"#question-{question.pk}")
        else:
            messages.error(request, _("Choose the page to add the question to."))
        return redirect("diagnostics:question-bank", slug=slug, pk=pk)
    filters = BankFilterForm(request.GET or None)
    criteria = filters.cleaned_data if filters.is_valid() else {}
    page = Paginator(selectors.bank_questions(**criteria), BANK_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "commune": questionnaire.commune,
        "questionnaire": questionnaire,
        "filters": filters,
        "page": page,
        "sections": list(questionnaire.sections.order_by("position", "pk")),
        "query": query.urlencode(),
    }
    return render(request, "diagnostics/question_bank.html", context)
