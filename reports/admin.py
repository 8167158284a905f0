from django.contrib import admin

from reports.models import Report, ReportIntroduction


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ("commune", "number", "language", "status", "attempts", "created_at", "published_at")
    list_filter = ("status", "language")
    list_select_related = ("commune",)
    search_fields = ("commune__name",)
    # The job's state is the workers' business; the admin only reads it.
    readonly_fields = (
        "commune",
        "number",
        "author",
        "status",
        "claimed_by",
        "claimed_at",
        "started_at",
        "finished_at",
        "queued_at",
        "attempts",
        "failure_reason",
        "pdf",
        "pdf_size",
        "page_count",
        "published_at",
        "published_by",
    )
    exclude = ("snapshot",)


@admin.register(ReportIntroduction)
class ReportIntroductionAdmin(admin.ModelAdmin):
    list_display = ("commune", "updated_at", "updated_by")
    list_select_related = ("commune", "updated_by")
    raw_id_fields = ("commune", "updated_by")
