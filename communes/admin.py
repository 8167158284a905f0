from django.contrib import admin

from communes.models import Accompaniment, Activity, Commune, Invitation, Membership, Milestone, Territory


@admin.register(Territory)
class TerritoryAdmin(admin.ModelAdmin):
    list_display = ("intercommunale", "name", "slug")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Commune)
class CommuneAdmin(admin.ModelAdmin):
    list_display = ("name", "territory", "province", "nis_code", "population")
    list_filter = ("territory", "province")
    search_fields = ("name", "nis_code")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "role", "territory", "commune")
    list_filter = ("role", "territory")
    list_select_related = ("user", "territory", "commune")
    autocomplete_fields = ("commune",)
    raw_id_fields = ("user",)


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0


@admin.register(Accompaniment)
class AccompanimentAdmin(admin.ModelAdmin):
    list_display = ("commune", "kind", "phase", "status", "start_date", "planned_end_date")
    list_filter = ("phase", "status", "kind")
    list_select_related = ("commune",)
    inlines = [MilestoneInline]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ("email", "role", "territory", "commune", "created_at", "sent_at", "accepted_at", "revoked_at")
    list_filter = ("role", "territory")
    list_select_related = ("territory", "commune")


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ("created_at", "territory", "commune", "verb", "subject", "actor")
    list_filter = ("verb", "territory")
    list_select_related = ("territory", "commune", "actor")
