"""What the API returns: dates in ISO 8601, money as a decimal string with its currency, codes not labels
(the label beside the code is in the reader's language)."""

from rest_framework import serializers


class TerritorySerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()
    intercommunale = serializers.CharField()
    open_data_licence = serializers.CharField()


class MilestoneSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    title = serializers.CharField()
    phase = serializers.CharField()
    due_date = serializers.DateField()
    completed_on = serializers.DateField(allow_null=True)
    is_late = serializers.BooleanField(source="late")


class AccompanimentSerializer(serializers.Serializer):
    kind = serializers.CharField()
    phase = serializers.CharField()
    phase_label = serializers.CharField(source="get_phase_display")
    status = serializers.CharField()
    status_label = serializers.CharField(source="get_status_display")
    start_date = serializers.DateField()
    planned_end_date = serializers.DateField()
    updated_at = serializers.DateTimeField()


class CommuneListSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()
    territory = serializers.SlugField(source="territory.slug")
    nis_code = serializers.CharField()
    province = serializers.CharField()
    population = serializers.IntegerField(allow_null=True)
    phase = serializers.CharField(source="accompaniment.phase", allow_null=True, default=None)
    status = serializers.CharField(source="accompaniment.status", allow_null=True, default=None)
    progress = serializers.IntegerField(help_text="Milestones completed, in percent.")
    milestones_total = serializers.IntegerField()
    milestones_done = serializers.IntegerField()
    overdue_milestones = serializers.IntegerField()
    next_milestone_title = serializers.CharField(allow_null=True)
    next_milestone_due = serializers.DateField(allow_null=True)
    is_late = serializers.BooleanField()


class CommuneDetailSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()
    territory = serializers.SlugField(source="territory.slug")
    nis_code = serializers.CharField()
    province = serializers.CharField()
    population = serializers.IntegerField(allow_null=True)
    accompaniment = AccompanimentSerializer(allow_null=True)
    milestones = MilestoneSerializer(many=True)
    progress = serializers.IntegerField(help_text="Milestones completed, in percent.")
    is_late = serializers.BooleanField()


class MoneySerializer(serializers.Serializer):
    amount = serializers.DecimalField(max_digits=16, decimal_places=2)
    currency = serializers.CharField()


def money(amount) -> dict | None:
    """Money as the API writes it: `{"amount": "1234.50", "currency": "EUR"}` (None stays None)."""
    return None if amount is None else {"amount": amount, "currency": "EUR"}


class IndicatorValueSerializer(serializers.Serializer):
    measured_on = serializers.DateField()
    value = serializers.DecimalField(max_digits=14, decimal_places=2)
    note = serializers.CharField()


class IndicatorSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    name = serializers.CharField()
    unit = serializers.CharField()
    baseline = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)
    target = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)
    target_date = serializers.DateField(allow_null=True)
    values = IndicatorValueSerializer(many=True)


class ProjectSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    commune = serializers.SlugField(source="commune.slug")
    title = serializers.CharField()
    phase = serializers.CharField()
    phase_label = serializers.CharField(source="get_phase_display")
    sheet = serializers.IntegerField(source="sheet_id", allow_null=True)
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()
    indicators = IndicatorSerializer(many=True)


class IndicatorValueInputSerializer(serializers.Serializer):
    measured_on = serializers.DateField()
    value = serializers.DecimalField(max_digits=14, decimal_places=2)
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
