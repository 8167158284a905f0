"""What people may do with the barometer; the roles that hold each are in `communes.capabilities`."""

from communes.capabilities import declare

READ = declare("barometer.read", "read the commune's answers against the territory")
FILL = declare("barometer.fill", "fill the commune's answers while the edition is open")
FILL_ANY_TIME = declare("barometer.fill_any_time", "enter a commune's answers at any time, without required fields")
MANAGE = declare("barometer.manage", "run the territory's editions: questions, imports, results, publication")
