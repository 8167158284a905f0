"""The portal's default checklists, one per SPMM phase, in French and English (written for the portal after
the four phases of the Smart Project Management Model, Smart City Institute, ULiège, 2020).

Idempotent: items are found again by their key; the reverse removes the default set only (territories' own
sets stay)."""

from django.db import migrations

# key, phase, kind, required, French, English
ITEMS = [
    ("pre-strategy", "prerequisites", "question", True,
     "En quoi le projet sert-il la stratégie de la commune et son PST\u00a0?",
     "How does the project serve the commune's strategy and its PST?"),
    ("pre-leader", "prerequisites", "tick", True,
     "Un chef de projet est désigné.", "A project leader is named."),
    ("pre-sponsor", "prerequisites", "tick", True,
     "Un membre du Collège porte le projet (sponsor).", "A member of the Collège sponsors the project."),
    ("pre-stakeholders", "prerequisites", "question", True,
     "Qui sont les parties prenantes et qu’attendent-elles\u00a0?",
     "Who are the stakeholders and what do they expect?"),
    ("pre-needs", "prerequisites", "question", True,
     "Quels besoins des citoyens ou des services le projet rencontre-t-il\u00a0?",
     "Which needs of citizens or services does the project meet?"),
    ("pre-budget", "prerequisites", "tick", True,
     "Une enveloppe budgétaire est prévue.", "A budget envelope exists."),
    ("plan-objectives", "planning", "question", True,
     "Quels objectifs, mesurés par quels indicateurs\u00a0?", "Which objectives, measured by which indicators?"),
    ("plan-scope", "planning", "question", True,
     "Quel est le périmètre du projet et quels livrables sont attendus\u00a0?",
     "What is the project's scope and which deliverables are expected?"),
    ("plan-team", "planning", "tick", True,
     "L’équipe et le rôle de chacun sont fixés.", "The team and everyone's role are set."),
    ("plan-schedule", "planning", "tick", True,
     "Le calendrier et ses jalons sont établis.", "The schedule and its milestones are set."),
    ("plan-budget", "planning", "tick", True,
     "Le budget détaillé est approuvé.", "The detailed budget is approved."),
    ("plan-risks", "planning", "tick", True,
     "Les risques sont identifiés, avec une mesure pour chacun.", "Risks are listed, each with a mitigation."),
    ("plan-procurement", "planning", "question", True,
     "Par quelle voie le marché sera-t-il passé (marché public, centrale d’achat, en interne)\u00a0?",
     "Through which route will it be procured (public tender, central purchasing body, in-house)?"),
    ("plan-communication", "planning", "question", False,
     "Comment communiquer et associer les citoyens\u00a0?", "How will the project communicate and involve citizens?"),
    ("exec-kickoff", "execution", "tick", True,
     "La réunion de lancement a eu lieu.", "The kick-off meeting was held."),
    ("exec-steering", "execution", "tick", True,
     "Le comité de pilotage se réunit à intervalles réguliers.", "The steering committee meets regularly."),
    ("exec-milestones", "execution", "tick", True,
     "Les jalons sont suivis et les retards expliqués.", "Milestones are followed and delays explained."),
    ("exec-changes", "execution", "question", False,
     "Quels changements ont été décidés en cours de route, et pourquoi\u00a0?",
     "Which changes were decided along the way, and why?"),
    ("exec-issues", "execution", "question", False,
     "Quels problèmes sont apparus et comment ont-ils été traités\u00a0?",
     "Which issues arose and how were they handled?"),
    ("exec-communication", "execution", "tick", False,
     "La communication prévue a été faite.", "The planned communication was done."),
    ("eval-indicators", "evaluation", "tick", True,
     "Les indicateurs sont mesurés et comparés à leurs cibles.",
     "Indicators are measured and compared with their targets."),
    ("eval-results", "evaluation", "question", True,
     "Quels résultats le projet a-t-il atteints\u00a0?", "What results did the project reach?"),
    ("eval-lessons", "evaluation", "question", True,
     "Quels enseignements en tirer pour les prochains projets\u00a0?", "What lessons are learned for the next projects?"),
    ("eval-sustainability", "evaluation", "question", True,
     "Qu’est-ce qui fera vivre le projet après sa clôture (budget, personnes, maintenance)\u00a0?",
     "What keeps the project alive after it closes (budget, people, maintenance)?"),
]


def add_defaults(apps, schema_editor):
    Item = apps.get_model("projects", "ChecklistTemplateItem")
    for position, (key, phase, kind, required, text_fr, text_en) in enumerate(ITEMS):
        Item.objects.update_or_create(
            territory=None,
            key=key,
            defaults={
                "phase": phase,
                "kind": kind,
                "required": required,
                "text_fr": text_fr,
                "text_en": text_en,
                "position": position,
            },
        )


def remove_defaults(apps, schema_editor):
    Item = apps.get_model("projects", "ChecklistTemplateItem")
    Item.objects.filter(territory=None, key__in=[item[0] for item in ITEMS]).delete()


class Migration(migrations.Migration):
    dependencies = [("projects", "0002_spmm_checklists_team_risks_milestones_meetings_budget_evaluation")]

    operations = [migrations.RunPython(add_defaults, remove_defaults)]
