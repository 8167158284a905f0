"""What people may do in the diagnostics app; the roles that hold each are in `communes.capabilities`."""

from communes.capabilities import declare

READ = declare("diagnostics.read", "read the PST, workshops, inventory, needs, synthesis and published findings")
EDIT = declare("diagnostics.edit", "enter and change the PST, interviews, findings, workshops, inventory and needs")
READ_INTERVIEW_NOTES = declare(
    "diagnostics.read_interview_notes",
    "read interviews (notes, participants), unpublished findings and workshop participants' names",
)
DECIDE = declare(
    "diagnostics.decide",
    "set the interview target, publish findings, decide on ideas, dismiss warnings, merge needs, write the synthesis",
)
READ_QUESTIONNAIRES = declare("diagnostics.read_questionnaires", "read questionnaires: their questions, a preview")
BUILD_QUESTIONNAIRES = declare("diagnostics.build_questionnaires", "copy, adapt and version questionnaires")
SEND_QUESTIONNAIRES = declare(
    "diagnostics.send_questionnaires", "run campaigns: groups, respondents, invitations, reminders, open links"
)
READ_RESULTS = declare("diagnostics.read_results", "read campaign results and aggregated exports")
EXPORT_RAW_ANSWERS = declare("diagnostics.export_raw_answers", "export raw answers, one row per respondent")
SEE_SMALL_GROUPS = declare("diagnostics.see_small_groups", "see figures of groups under the minimum size")
READ_TERRITORY_SCORES = declare("diagnostics.read_territory_scores", "compare the scores of the territory's communes")
