from django.contrib import admin

from procurement.models import LibraryRequirement, Threshold


@admin.register(Threshold)
class ThresholdAdmin(admin.ModelAdmin):
    list_display = ("kind", "purchase_type", "buyer_level", "amount", "valid_from", "valid_until", "source")
    list_filter = ("kind", "purchase_type", "buyer_level")


@admin.register(LibraryRequirement)
class LibraryRequirementAdmin(admin.ModelAdmin):
    list_display = ("text_fr", "function_category", "section", "mandatory", "territory")
    list_filter = ("function_category", "section", "territory")
