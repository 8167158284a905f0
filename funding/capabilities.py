"""What people may do with funding; the roles that hold each are in `communes.capabilities`."""

from communes.capabilities import declare

READ = declare("funding.read", "read the calls for projects, a sheet's matching calls, its applications and share")
APPLY = declare("funding.apply", "start and follow the applications of the commune's sheets")
MANAGE = declare(
    "funding.manage", "keep the territory's catalogue of calls and its reminders; read applications across communes"
)
