"""What people may do with mutualisation; the roles that hold each are in `communes.capabilities`."""

from communes.capabilities import declare

READ = declare("mutualisation.read", "see the shared projects the commune belongs to and the purchasing catalogue")
ANSWER = declare("mutualisation.answer", "accept or decline, for the commune, joining a shared project")
MANAGE = declare(
    "mutualisation.manage",
    "the territory's view (convergences, inventory, pooled demand), shared projects and the purchasing catalogue",
)
