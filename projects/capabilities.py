"""What people may do with projects carried out; the roles that hold each are in `communes.capabilities`."""

from communes.capabilities import declare

READ = declare("projects.read", "read the commune's projects, their phases, indicators and evaluation reports")
EDIT = declare("projects.edit", "write the projects: checklists, team, risks, milestones, meetings, indicators, budget")
MANAGE = declare("projects.manage", "start projects, close phases, adapt the territory's checklists")
