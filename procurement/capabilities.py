"""What people may do with procurements; the roles that hold each are in `communes.capabilities`."""

from communes.capabilities import declare

READ = declare("procurement.read", "read the commune's procurements, specifications, offers, grid and documents")
EDIT = declare(
    "procurement.edit", "write procurements: specifications, criteria, bidders and offers, scores, documents"
)
AWARD = declare("procurement.award", "propose the award of a procurement to an offer")
MANAGE_LIBRARY = declare("procurement.manage_library", "add requirements to the territory's requirement library")
