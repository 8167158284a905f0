"""What people may do with respondents' personal data; the roles that hold each are in `communes.capabilities`."""

from communes.capabilities import declare

MANAGE_PEOPLE = declare("privacy.manage_people", "find, export and erase one person's data across the territory")
