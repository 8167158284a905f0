"""What people may do with the final report; the roles that hold each are in `communes.capabilities`."""

from communes.capabilities import declare

DOWNLOAD = declare("reports.download", "list and download published versions")
PREVIEW = declare("reports.preview", "preview the report from the current data")
REQUEST = declare("reports.request", "ask for a new version, retry a failed one")
READ_UNPUBLISHED = declare("reports.read_unpublished", "see and download versions not published")
PUBLISH = declare("reports.publish", "publish and withdraw versions")
MANAGE_LOGO = declare("reports.manage_logo", "change the territory's logo printed on the cover")
