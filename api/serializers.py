"""What the API returns: dates in ISO 8601, money as a decimal string with its currency, codes not labels
(the label beside the code is in the reader's language)."""

from decimal import Decimal

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from communes.models import Pillar


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


# Questionnaire campaigns --------------------------------------------------------------------------


class ParticipationSerializer(serializers.Serializer):
    invited = serializers.IntegerField()
    started = serializers.IntegerField()
    submitted = serializers.IntegerField()
    submitted_named = serializers.IntegerField()
    submitted_open = serializers.IntegerField()
    response_rate = serializers.FloatField(source="rate", allow_null=True)


class CampaignSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    title = serializers.CharField()
    questionnaire = serializers.CharField(source="questionnaire.title")
    opens_on = serializers.DateField()
    closes_on = serializers.DateField()
    participation = ParticipationSerializer()


class GroupFiguresSerializer(serializers.Serializer):
    id = serializers.IntegerField(allow_null=True, help_text="null: everybody")
    name = serializers.CharField()
    kind = serializers.CharField()
    invited = serializers.IntegerField()
    started = serializers.IntegerField()
    submitted = serializers.IntegerField()
    submitted_through_open_links = serializers.IntegerField(source="through_open_links")
    submitted_named = serializers.IntegerField()
    response_rate = serializers.FloatField(allow_null=True)
    withheld = serializers.BooleanField(help_text="Fewer respondents than the minimum group size: no figures.")


class PillarFiguresSerializer(serializers.Serializer):
    pillar = serializers.CharField()
    label = serializers.CharField()
    score = serializers.FloatField(allow_null=True)
    questions = serializers.IntegerField()
    answers = serializers.IntegerField()
    by_group = serializers.DictField(
        child=serializers.FloatField(allow_null=True), help_text="Group id → score; withheld groups are absent."
    )


class ResultLineSerializer(serializers.Serializer):
    group = serializers.IntegerField(source="group_id", allow_null=True, help_text="null: everybody")
    item = serializers.CharField(help_text="The answer option, value or statement; empty for the whole question.")
    withheld = serializers.BooleanField()
    answered = serializers.IntegerField(source="stats.answered")
    count = serializers.IntegerField(allow_null=True)
    share = serializers.FloatField(allow_null=True)
    mean = serializers.FloatField(source="stats.mean", allow_null=True)
    median = serializers.FloatField(source="stats.median", allow_null=True)
    minimum = serializers.FloatField(source="stats.minimum", allow_null=True)
    maximum = serializers.FloatField(source="stats.maximum", allow_null=True)


class QuestionFiguresSerializer(serializers.Serializer):
    code = serializers.CharField()
    text = serializers.CharField()
    type = serializers.CharField()
    pillars = serializers.ListField(child=serializers.CharField())
    lines = ResultLineSerializer(many=True)


class CampaignResultsSerializer(serializers.Serializer):
    campaign = CampaignSerializer()
    include_partial = serializers.BooleanField()
    groups = GroupFiguresSerializer(many=True)
    total = GroupFiguresSerializer()
    pillars = PillarFiguresSerializer(many=True)
    questions = QuestionFiguresSerializer(many=True)


# Roadmaps -------------------------------------------------------------------------------------------


class MoneyField(serializers.Field):
    """A decimal string with its currency: `{"amount": "1234.50", "currency": "EUR"}`, or null."""

    def to_representation(self, value):
        if value is None:
            return None
        return {"amount": f"{Decimal(str(value)).quantize(Decimal('0.01'))}", "currency": "EUR"}


@extend_schema_field(
    {
        "type": ["object", "null"],
        "properties": {
            "amount": {"type": "string", "format": "decimal", "pattern": r"^-?\d+\.\d{2}$"},
            "currency": {"type": "string", "enum": ["EUR"]},
        },
        "required": ["amount", "currency"],
    }
)
class Money(MoneyField):
    pass


class SheetScoreSerializer(serializers.Serializer):
    score = serializers.FloatField(allow_null=True)
    rank = serializers.IntegerField()
    priority = serializers.CharField()
    marked = serializers.IntegerField()
    weighted_criteria = serializers.IntegerField()


class SheetSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    title = serializers.CharField()
    status = serializers.CharField()
    pillars = serializers.ListField(child=serializers.CharField())
    horizon = serializers.CharField(help_text="short, medium, long, or empty when not placed.")
    investment = Money(allow_null=True)
    running_cost = Money(allow_null=True)
    staff_days = serializers.IntegerField(allow_null=True)
    score = SheetScoreSerializer(source="stored_score", allow_null=True)
    prerequisites = serializers.ListField(child=serializers.IntegerField(), source="requires")


class PlanSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    created_at = serializers.DateTimeField()
    decided_at = serializers.DateTimeField(allow_null=True)
    total_score = serializers.FloatField()
    optimal = serializers.BooleanField()
    assignments = serializers.DictField(child=serializers.CharField(), help_text="Sheet id → horizon.")


class RoadmapSerializer(serializers.Serializer):
    commune = serializers.SlugField()
    status = serializers.CharField()
    summary = serializers.CharField()
    focus_pillars = serializers.ListField(child=serializers.CharField())
    published_at = serializers.DateTimeField(allow_null=True)
    scored_at = serializers.DateTimeField(allow_null=True)
    scoring_pending = serializers.BooleanField()
    sheets = SheetSerializer(many=True)
    accepted_plan = PlanSerializer(allow_null=True)


# Reports --------------------------------------------------------------------------------------------


class ReportSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    number = serializers.IntegerField()
    language = serializers.CharField()
    status = serializers.CharField()
    created_at = serializers.DateTimeField()
    finished_at = serializers.DateTimeField(allow_null=True)
    published_at = serializers.DateTimeField(allow_null=True)
    page_count = serializers.IntegerField(allow_null=True)
    pdf_size = serializers.IntegerField(allow_null=True)
    download_url = serializers.CharField(
        allow_null=True, help_text="The PDF, checked against your access like the page's link; null until rendered."
    )


# Barometer ------------------------------------------------------------------------------------------


class EditionSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    territory = serializers.SlugField(source="territory.slug")
    year = serializers.IntegerField()
    title = serializers.CharField()
    opens_on = serializers.DateField()
    closes_on = serializers.DateField()
    status = serializers.CharField(source="status_now")
    published = serializers.BooleanField(help_text="The anonymised summary is public (and open data).")


class ShareSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()
    count = serializers.IntegerField(allow_null=True, help_text="null: withheld (fewer than 3 communes).")
    percent = serializers.FloatField(allow_null=True)


class BarometerQuestionSerializer(serializers.Serializer):
    code = serializers.CharField()
    kind = serializers.CharField()
    label = serializers.CharField()
    answered = serializers.IntegerField()
    respondents = serializers.IntegerField()
    scale_min = serializers.IntegerField(allow_null=True)
    scale_max = serializers.IntegerField(allow_null=True)
    mean = serializers.FloatField(allow_null=True)
    shares = ShareSerializer(many=True)
    suppressed = serializers.BooleanField()


class EditionInfoSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    year = serializers.IntegerField()
    title = serializers.CharField()
    respondents = serializers.IntegerField()
    communes_total = serializers.IntegerField()


class EditionResultsSerializer(serializers.Serializer):
    edition = EditionInfoSerializer()
    anonymised = serializers.BooleanField(help_text="The published, small-cell-suppressed figures.")
    questions = BarometerQuestionSerializer(many=True)


# Diagnostic: needs and synthesis --------------------------------------------------------------------


class NeedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    description = serializers.CharField()
    pillars = serializers.ListField(child=serializers.CharField())
    weight = serializers.IntegerField(help_text="How many independent kinds of source support the need.")
    rank = serializers.IntegerField()
    sources = serializers.DictField(child=serializers.IntegerField(), help_text="Kind of evidence → how many.")


class PillarScoreSerializer(serializers.Serializer):
    pillar = serializers.CharField()
    label = serializers.CharField()
    score = serializers.FloatField(allow_null=True, help_text="Maturity from 0 to 100.")
    answers = serializers.IntegerField()


class SuggestionSerializer(serializers.Serializer):
    pillar = serializers.CharField()
    label = serializers.CharField()
    score = serializers.FloatField()


class SynthesisSerializer(serializers.Serializer):
    commune = serializers.SlugField()
    summary = serializers.CharField()
    strengths_text = serializers.CharField()
    weaknesses_text = serializers.CharField()
    existing_text = serializers.CharField()
    responses = serializers.IntegerField()
    maturity = PillarScoreSerializer(many=True)
    strengths = SuggestionSerializer(many=True)
    weaknesses = SuggestionSerializer(many=True)
    needs = NeedSerializer(many=True)
    updated_at = serializers.DateTimeField(allow_null=True)


class SheetInputSerializer(serializers.Serializer):
    """A new project sheet: the form's main fields (the service checks them as it checks the form's)."""

    title = serializers.CharField(max_length=200)
    summary = serializers.CharField(required=False, allow_blank=True, default="")
    objectives = serializers.CharField(required=False, allow_blank=True, default="")
    pillars = serializers.ListField(
        child=serializers.ChoiceField(choices=Pillar.choices), required=False, default=list, max_length=6
    )
    investment = serializers.DecimalField(
        max_digits=12, decimal_places=2, min_value=Decimal(0), required=False, allow_null=True, default=None
    )
    running_cost = serializers.DecimalField(
        max_digits=12, decimal_places=2, min_value=Decimal(0), required=False, allow_null=True, default=None
    )
    staff_days = serializers.IntegerField(min_value=0, max_value=100_000, required=False, allow_null=True, default=None)
    template = serializers.SlugField(
        required=False, allow_blank=True, default="", help_text="Code of a template of the catalogue, to start from."
    )


class ImportInputSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="CSV or Excel (.xlsx), at most 2 MB: the template of the edition.")


class ImportResultSerializer(serializers.Serializer):
    imported = serializers.IntegerField(help_text="Communes whose answers were saved (replacing earlier ones).")
    communes = serializers.ListField(child=serializers.SlugField())


# Procurements -------------------------------------------------------------------------------------


class ProcurementSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    commune = serializers.SlugField(source="commune.slug")
    title = serializers.CharField()
    function_category = serializers.CharField()
    purchase_type = serializers.CharField()
    estimated_amount = Money(help_text="Excluding VAT.")
    procedure_date = serializers.DateField()
    status = serializers.CharField()
    status_label = serializers.CharField(source="get_status_display")
    sheet = serializers.IntegerField(source="sheet_id", allow_null=True)
    project = serializers.IntegerField(source="project_id", allow_null=True)
    award_decision_on = serializers.DateField(allow_null=True)
    winner = serializers.CharField(source="winner.name", allow_null=True, default=None, help_text="Company name.")
    updated_at = serializers.DateTimeField()


class ProcedureSerializer(serializers.Serializer):
    procedure = serializers.CharField()
    label = serializers.CharField()
    advice = serializers.CharField()
    reasons = serializers.ListField(child=serializers.CharField())
    standstill = serializers.BooleanField()


class TimelineStepSerializer(serializers.Serializer):
    name = serializers.CharField()
    label = serializers.CharField()
    date = serializers.CharField(allow_null=True, help_text="ISO 8601 date, or date and time for the offers deadline.")
    is_late = serializers.BooleanField(source="late")


class ProcurementDetailSerializer(ProcurementSerializer):
    proposed_procedure = ProcedureSerializer()
    timeline = TimelineStepSerializer(many=True)
    bidders = serializers.ListField(
        child=serializers.CharField(), source="bidder_names", help_text="Company names, in their order."
    )


# Shared projects ----------------------------------------------------------------------------------


class SharedProjectMemberSerializer(serializers.Serializer):
    commune = serializers.SlugField(source="commune.slug")
    status = serializers.CharField()
    status_label = serializers.CharField(source="get_status_display")
    users = serializers.IntegerField(allow_null=True)
    percentage = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)
    investment_share = Money()
    running_cost_share = Money()


class SharedProjectCostsSerializer(serializers.Serializer):
    investment = Money(allow_null=True)
    running_cost = Money(allow_null=True)
    split_rule = serializers.CharField()
    split_rule_label = serializers.CharField(source="get_split_rule_display")
    horizon = serializers.CharField()


class SharedProjectSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    title = serializers.CharField()
    function_category = serializers.CharField()
    lead_commune = serializers.SlugField(source="lead_commune.slug", allow_null=True, default=None)
    costs = SharedProjectCostsSerializer(allow_null=True, default=None)
    members = SharedProjectMemberSerializer(many=True, source="members.all")
    updated_at = serializers.DateTimeField()


class MembershipProjectSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    title = serializers.CharField()
    function_category = serializers.CharField()
    lead_commune = serializers.SlugField(source="lead_commune.slug", allow_null=True, default=None)
    costs = SharedProjectCostsSerializer(allow_null=True, default=None)


class MembershipSerializer(serializers.Serializer):
    """The commune's own membership of a shared project (the other members' shares are the referent's)."""

    shared_project = MembershipProjectSerializer()
    status = serializers.CharField()
    status_label = serializers.CharField(source="get_status_display")
    users = serializers.IntegerField(allow_null=True)
    percentage = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)
    investment_share = Money()
    running_cost_share = Money()
    sheet = serializers.IntegerField(source="sheet_id", allow_null=True)
    answered_at = serializers.DateTimeField(allow_null=True)


# Funding ------------------------------------------------------------------------------------------


class ApplicationSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    call = serializers.IntegerField(source="call_id")
    call_title = serializers.CharField(source="call.title")
    programme = serializers.CharField(source="call.programme")
    commune = serializers.SlugField(source="commune.slug", allow_null=True, default=None)
    sheet = serializers.IntegerField(source="sheet_id", allow_null=True)
    shared_project = serializers.IntegerField(source="shared_project_id", allow_null=True)
    status = serializers.CharField()
    status_label = serializers.CharField(source="get_status_display")
    amount_requested = Money(allow_null=True)
    amount_granted = Money(allow_null=True)
    decision_date = serializers.DateField(allow_null=True)
    updated_at = serializers.DateTimeField()


class CallRoundSerializer(serializers.Serializer):
    opens_on = serializers.DateField()
    closes_on = serializers.DateField()


class FundingCallSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    funder_kind = serializers.CharField()
    funder = serializers.CharField()
    programme = serializers.CharField()
    title = serializers.CharField()
    link = serializers.CharField()
    beneficiaries = serializers.ListField(child=serializers.CharField())
    pillars = serializers.ListField(child=serializers.CharField())
    function_categories = serializers.ListField(child=serializers.CharField())
    cofunding_rate = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)
    floor = Money(allow_null=True)
    ceiling = Money(allow_null=True)
    requires_several_communes = serializers.BooleanField()
    rounds = CallRoundSerializer(many=True, source="rounds.all")
    next_round = CallRoundSerializer(allow_null=True, help_text="The round closing first among those open or to come.")
    updated_at = serializers.DateTimeField()
