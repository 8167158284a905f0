"""What people may do with roadmaps; the roles that hold each are in `communes.capabilities`."""

from communes.capabilities import declare

READ = declare("roadmaps.read", "read the published roadmap and its sheets")
READ_DRAFTS = declare("roadmaps.read_drafts", "read the roadmap before it is published")
EDIT = declare("roadmaps.edit", "write project sheets, marks, horizons, prerequisites and comments; rescore")
MANAGE = declare(
    "roadmaps.manage", "start the roadmap, change its strategy, weights and criteria, delete sheets and comments"
)
PUBLISH = declare("roadmaps.publish", "publish and withdraw the roadmap")
PLAN = declare("roadmaps.plan", "compute and decide the affordable plan")
