from django.contrib import admin

from barometer.models import Answer, Edition, Option, Question, Response, ResponseImport


class QuestionInline(admin.TabularInline):
    model = Question
    fields = ("position", "code", "kind", "label", "scale_min", "scale_max", "required")
    extra = 0
    show_change_link = True


@admin.register(Edition)
class EditionAdmin(admin.ModelAdmin):
    list_display = ("title", "territory", "year", "opens_on", "closes_on")
    list_filter = ("territory",)
    list_select_related = ("territory",)
    inlines = [QuestionInline]


class OptionInline(admin.TabularInline):
    model = Option
    fields = ("position", "code", "label")
    extra = 0


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ("code", "label", "kind", "edition")
    list_filter = ("edition__territory", "kind")
    list_select_related = ("edition",)
    search_fields = ("code", "label")
    inlines = [OptionInline]


class AnswerInline(admin.TabularInline):
    model = Answer
    fields = ("question", "number", "boolean", "text")
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(Response)
class ResponseAdmin(admin.ModelAdmin):
    list_display = ("commune", "edition", "source", "is_demo", "updated_at")
    list_filter = ("edition", "source", "is_demo")
    list_select_related = ("commune", "edition")
    search_fields = ("commune__name",)
    raw_id_fields = ("entered_by",)
    inlines = [AnswerInline]


@admin.register(ResponseImport)
class ResponseImportAdmin(admin.ModelAdmin):
    list_display = ("source_name", "edition", "status", "row_count", "created_at", "uploaded_by")
    list_filter = ("status",)
    list_select_related = ("edition", "uploaded_by")
    exclude = ("table",)
