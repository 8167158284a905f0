from django.contrib import admin

from roadmaps.models import Comment, Criterion, PlanProposal, ProjectSheet, ProjectTemplate, Roadmap


@admin.register(ProjectTemplate)
class ProjectTemplateAdmin(admin.ModelAdmin):
    list_display = ("code", "title_fr", "title_en", "function_category", "typical_investment")
    list_filter = ("function_category",)
    search_fields = ("code", "title_fr", "title_en")
    filter_horizontal = ("default_prerequisites",)


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0


@admin.register(Roadmap)
class RoadmapAdmin(admin.ModelAdmin):
    list_display = ("commune", "status", "scoring_version", "scored_version", "scored_at")
    list_filter = ("status",)
    list_select_related = ("commune",)
    search_fields = ("commune__name",)
    readonly_fields = ("scoring_version", "scored_version", "scoring_requested_at", "scored_at")
    inlines = [CriterionInline]


@admin.register(ProjectSheet)
class ProjectSheetAdmin(admin.ModelAdmin):
    list_display = ("title", "roadmap", "status", "horizon", "investment")
    list_filter = ("status", "horizon", "function_category")
    list_select_related = ("roadmap__commune",)
    search_fields = ("title", "roadmap__commune__name")
    raw_id_fields = ("roadmap", "template", "origin_idea")
    readonly_fields = ("version",)


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ("sheet", "author", "created_at")
    list_select_related = ("sheet", "author")
    raw_id_fields = ("sheet", "author")


@admin.register(PlanProposal)
class PlanProposalAdmin(admin.ModelAdmin):
    list_display = ("roadmap", "status", "total_score", "optimal", "created_at")
    list_filter = ("status",)
    list_select_related = ("roadmap__commune",)
    raw_id_fields = ("roadmap",)
