"""Every URL of the project against every role: who gets the page, who is sent to log in, who gets 403/404.

One world is built once for the module (two territories, communes A and B of IGRETEC, a commune of BEP, and
for commune A one object of every kind a URL names); each (URL, role) case runs in its own savepoint, so a
POST that deletes or logs out leaves nothing behind for the next case.

`EXPECTED` holds one row per URL name: the method the case uses, then the status for each role of `ROLES`.
A URL without a row fails (a new URL needs a new row) and so does a row whose URL no longer exists.
Statuses: 200/204/302 (allowed; 302 is a redirect that is not the login page), LOGIN (redirect to the login
page), 403 (may read, may not act), 404 (outside the user's reach), 405 (wrong method), 422 (form errors).
Tokens in addresses (respondent link, open link, invitation) are the real ones only for the `respondent`
role, who holds the link; every other role tries a forged token.

A refused role (and the referent, who reaches everything) also tries the other method (empty POST on a GET
row, GET on a POST row): never a server error, and a role refused on the row's method is refused on the
other method too (no write through a read-only or foreign role).

Pages a college member reads must not show what is kept from them (interview notes, unpublished findings,
the draft roadmap's sheets).

`test_object_of_commune_a_through_the_address_of_commune_b` puts commune B's slug in front of an object of
commune A: the object must not be found, even by the referent who reaches both communes.
"""

from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from importlib import import_module

import pytest
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from api.models import TokenScope
from api.services import api_token_create
from barometer import invitations as barometer_invitations
from barometer import services as barometer_services
from barometer.models import ImportStatus, ResponseImport
from communes.models import Role
from communes.services import invitation_token
from diagnostics.models import PstImport
from diagnostics.services import campaigns as campaign_services
from diagnostics.tokens import open_link_token, response_token
from mutualisation import services as mutualisation_services
from projects import services as project_services
from projects.models import (
    ChecklistTemplateItem,
    EvaluationReport,
    EvaluationStatus,
    Indicator,
    Project,
    ProjectMilestone,
)
from reports.models import Report, ReportStatus
from roadmaps.models import Comment, PlanProposal, Prerequisite, ProjectSheet
from roadmaps.services import roadmaps as roadmap_services
from tests.barometer.conftest import answer, make_edition
from tests.diagnostics.conftest import build_small_questionnaire
from tests.diagnostics.workspace.conftest import PRIVATE_NAME, PRIVATE_NOTE, build_workspace
from tests.factories import (
    AccompanimentFactory,
    CommuneFactory,
    InvitationFactory,
    MembershipFactory,
    MilestoneFactory,
    TerritoryFactory,
    UserFactory,
)
from tests.reports.samples import full_doc

ROLES = ("anonymous", "respondent", "staff_a", "staff_b", "college_a", "other_referent", "referent")
LOGIN = "login"
SKIPPED_NAMESPACES = ("admin",)
BOGUS_TOKEN = "not-a-valid-token-0000000000000000"
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)

# What a college member must read nowhere: interview notes and participants, an unpublished finding, a
# sheet of the draft roadmap.
DRAFT_SHEET = "Projet du brouillon de feuille de route"
COLLEGE_SECRETS = (PRIVATE_NOTE, PRIVATE_NAME, "Problème interne non publié", DRAFT_SHEET)

# fmt: off
# url name: (method, anonymous, respondent, staff_a, staff_b, college_a, other_referent, referent)
EXPECTED: dict[str, tuple] = {
    "accounts:email-change-confirm":             ("GET",  LOGIN, LOGIN,   200,   200,   200,   200,   200),
    "accounts:language":                         ("POST",   302,   302,   302,   302,   302,   302,   302),
    "accounts:login":                            ("GET",    200,   200,   302,   302,   302,   302,   302),
    "accounts:logout":                           ("POST", LOGIN, LOGIN, LOGIN, LOGIN, LOGIN, LOGIN, LOGIN),
    "accounts:password-change":                  ("GET",  LOGIN, LOGIN,   200,   200,   200,   200,   200),
    "accounts:password-change-done":             ("GET",  LOGIN, LOGIN,   200,   200,   200,   200,   200),
    "accounts:password-reset":                   ("GET",    200,   200,   200,   200,   200,   200,   200),
    "accounts:password-reset-complete":          ("GET",    200,   200,   200,   200,   200,   200,   200),
    "accounts:password-reset-confirm":           ("GET",    200,   200,   200,   200,   200,   200,   200),
    "accounts:password-reset-done":              ("GET",    200,   200,   200,   200,   200,   200,   200),
    "accounts:profile":                          ("GET",  LOGIN, LOGIN,   200,   200,   200,   200,   200),
    "barometer:answer":                          ("GET",    404,   200,   404,   404,   404,   404,   404),
    "barometer:answer-confirm":                  ("GET",    404,   200,   404,   404,   404,   404,   404),
    "barometer:answer-done":                     ("GET",    404,   200,   404,   404,   404,   404,   404),
    "barometer:answer-page":                     ("GET",    404,   200,   404,   404,   404,   404,   404),
    "api:answers-import":                        ("POST",   401,   401,   403,   403,   403,   404,   400),
    "api:application-list":                      ("GET",    401,   401,   200,   404,   200,   404,   200),
    "api:call-list":                             ("GET",    401,   401,   200,   200,   200,   404,   200),
    "api:campaign-list":                         ("GET",    401,   401,   200,   404,   200,   404,   200),
    "api:campaign-results":                      ("GET",    401,   401,   200,   404,   200,   404,   200),
    "api:commune-detail":                        ("GET",    401,   401,   200,   404,   200,   404,   200),
    "api:commune-list":                          ("GET",    401,   401,   200,   200,   200,   200,   200),
    "api:docs":                                  ("GET",    200,   200,   200,   200,   200,   200,   200),
    "api:edition-list":                          ("GET",    401,   401,   200,   200,   200,   404,   200),
    "api:edition-results":                       ("GET",    401,   401,   200,   200,   200,   404,   200),
    "api:indicator-value-create":                ("POST",   401,   401,   400,   404,   403,   404,   400),
    "api:membership-list":                       ("GET",    401,   401,   200,   404,   200,   404,   200),
    "api:need-list":                             ("GET",    401,   401,   200,   404,   200,   404,   200),
    "api:not-found":                             ("GET",    404,   404,   404,   404,   404,   404,   404),
    "api:opendata-barometer":                    ("GET",    200,   200,   200,   200,   200,   200,   200),
    "api:opendata-catalog":                      ("GET",    200,   200,   200,   200,   200,   200,   200),
    "api:procurement-detail":                    ("GET",    401,   401,   200,   404,   200,   404,   200),
    "api:procurement-list":                      ("GET",    401,   401,   200,   404,   200,   404,   200),
    "api:project-detail":                        ("GET",    401,   401,   200,   404,   200,   404,   200),
    "api:project-list":                          ("GET",    401,   401,   200,   404,   200,   404,   200),
    "api:report-list":                           ("GET",    401,   401,   200,   404,   200,   404,   200),
    "api:roadmap-detail":                        ("GET",    401,   401,   200,   404,   404,   404,   200),
    "api:schema":                                ("GET",    200,   200,   200,   200,   200,   200,   200),
    "api:shared-project-list":                   ("GET",    401,   401,   403,   403,   403,   404,   200),
    "api:sheet-create":                          ("POST",   401,   401,   400,   404,   403,   404,   400),
    "api:synthesis-detail":                      ("GET",    401,   401,   200,   404,   200,   404,   200),
    "api:territory-application-list":            ("GET",    401,   401,   403,   403,   403,   404,   200),
    "api:territory-detail":                      ("GET",    401,   401,   200,   200,   200,   404,   200),
    "api:territory-list":                        ("GET",    401,   401,   200,   200,   200,   200,   200),
    "api:token-create":                          ("GET",  LOGIN, LOGIN,   200,   200,   200,   200,   200),
    "api:token-list":                            ("GET",  LOGIN, LOGIN,   200,   200,   200,   200,   200),
    "api:token-revoke":                          ("POST", LOGIN, LOGIN,   404,   404,   404,   404,   302),
    "barometer:commune-overview":                ("GET",  LOGIN, LOGIN,   200,   404,   200,   404,   200),
    "barometer:edition-create":                  ("GET",  LOGIN, LOGIN,   403,   403,   403,   404,   200),
    "barometer:edition-delete":                  ("POST", LOGIN, LOGIN,   403,   403,   403,   404,   302),
    "barometer:edition-detail":                  ("GET",  LOGIN, LOGIN,   403,   403,   403,   404,   200),
    "barometer:edition-export":                  ("GET",  LOGIN, LOGIN,   403,   403,   403,   404,   200),
    "barometer:edition-publish":                 ("POST", LOGIN, LOGIN,   403,   403,   403,   404,   302),
    "barometer:edition-results":                 ("GET",  LOGIN, LOGIN,   403,   403,   403,   404,   200),
    "barometer:edition-template":                ("GET",  LOGIN, LOGIN,   403,   403,   403,   404,   200),
    "barometer:edition-unpublish":               ("POST", LOGIN, LOGIN,   403,   403,   403,   404,   302),
    "barometer:edition-update":                  ("GET",  LOGIN, LOGIN,   403,   403,   403,   404,   200),
    "barometer:import-confirm":                  ("POST", LOGIN, LOGIN,   403,   403,   403,   404,   302),
    "barometer:import-discard":                  ("POST", LOGIN, LOGIN,   403,   403,   403,   404,   302),
    "barometer:import-preview":                  ("GET",  LOGIN, LOGIN,   403,   403,   403,   404,   200),
    "barometer:import-upload":                   ("GET",  LOGIN, LOGIN,   403,   403,   403,   404,   200),
    "barometer:index":                           ("GET",  LOGIN, LOGIN,   200,   200,   200,   200,   200),
    "barometer:invitation-accept":               ("POST", LOGIN, LOGIN,   403,   404,   403,   404,   302),
    "barometer:invitation-revoke":               ("POST", LOGIN, LOGIN,   403,   404,   403,   404,   302),
    "barometer:invitations":                     ("GET",  LOGIN, LOGIN,   403,   403,   403,   404,   200),
    "barometer:public-summary":                  ("GET",    200,   200,   200,   200,   200,   200,   200),
    "barometer:question-create":                 ("GET",  LOGIN, LOGIN,   403,   403,   403,   404,   200),
    "barometer:question-delete":                 ("POST", LOGIN, LOGIN,   403,   403,   403,   404,   302),
    "barometer:question-update":                 ("GET",  LOGIN, LOGIN,   403,   403,   403,   404,   200),
    "barometer:reminders-send":                  ("POST", LOGIN, LOGIN,   403,   403,   403,   404,   302),
    "barometer:response-delete":                 ("POST", LOGIN, LOGIN,   403,   404,   403,   404,   302),
    "barometer:response-detail":                 ("GET",  LOGIN, LOGIN,   200,   404,   200,   404,   200),
    "barometer:response-edit":                   ("GET",  LOGIN, LOGIN,   200,   404,   403,   404,   200),
    "barometer:response-summary-pdf":            ("GET",  LOGIN, LOGIN,   302,   404,   302,   404,   302),
    "communes:accompaniment-update":             ("GET",  LOGIN, LOGIN,   403,   404,   403,   404,   200),
    "communes:commune-detail":                   ("GET",  LOGIN, LOGIN,   200,   404,   200,   404,   200),
    "communes:commune-list":                     ("GET",  LOGIN, LOGIN,   200,   200,   200,   200,   200),
    "communes:commune-update":                   ("GET",  LOGIN, LOGIN,   403,   404,   403,   404,   200),
    "communes:invitation-accept":                ("GET",    404,   200,   404,   404,   404,   404,   404),
    "communes:invitation-create":                ("GET",  LOGIN, LOGIN,   403,   403,   403,   404,   200),
    "communes:invitation-resend":                ("POST", LOGIN, LOGIN,   404,   404,   404,   404,   302),
    "communes:invitation-revoke":                ("POST", LOGIN, LOGIN,   404,   404,   404,   404,   302),
    "communes:milestone-complete":               ("POST", LOGIN, LOGIN,   403,   404,   403,   404,   302),
    "communes:milestone-create":                 ("GET",  LOGIN, LOGIN,   403,   404,   403,   404,   200),
    "communes:milestone-delete":                 ("POST", LOGIN, LOGIN,   403,   404,   403,   404,   302),
    "communes:milestone-update":                 ("GET",  LOGIN, LOGIN,   403,   404,   403,   404,   200),
    "communes:territory-activity":               ("GET",  LOGIN, LOGIN,   403,   403,   403,   404,   200),
    "communes:territory-people":                 ("GET",  LOGIN, LOGIN,   403,   403,   403,   404,   200),
    "diagnostics:campaign-create":               ("GET",  LOGIN, LOGIN,   200,   404,   403,   404,   200),
    "diagnostics:campaign-detail":               ("GET",  LOGIN, LOGIN,   200,   404,   403,   404,   200),
    "diagnostics:campaign-export":               ("GET",  LOGIN, LOGIN,   200,   404,   200,   404,   200),
    "diagnostics:campaign-export@answers":       ("GET",  LOGIN, LOGIN,   403,   404,   403,   404,   200),
    "diagnostics:campaign-question-texts":       ("GET",  LOGIN, LOGIN,   200,   404,   200,   404,   200),
    "diagnostics:campaign-results":              ("GET",  LOGIN, LOGIN,   200,   404,   200,   404,   200),
    "diagnostics:campaign-update":               ("GET",  LOGIN, LOGIN,   200,   404,   403,   404,   200),
    "diagnostics:diagnostic-home":               ("GET",  LOGIN, LOGIN,   200,   404,   200,   404,   200),
    "diagnostics:evidence-add":                  ("POST", LOGIN, LOGIN,   200,   404,   403,   404,   200),
    "diagnostics:evidence-remove":               ("POST", LOGIN, LOGIN,   302,   404,   403,   404,   302),
    "diagnostics:exchange-create":               ("GET",  LOGIN, LOGIN,   200,   404,   403,   404,   200),
    "diagnostics:exchange-delete":               ("POST", LOGIN, LOGIN,   302,   404,   403,   404,   302),
    "diagnostics:exchange-update":               ("GET",  LOGIN, LOGIN,   200,   404,   403,   404,   200),
    "diagnostics:finding-create":                ("GET",  LOGIN, LOGIN,   200,   404,   403,   404,   200),
    "diagnostics:finding-delete":                ("POST", LOGIN, LOGIN,   302,   404,   403,   404,   302),
    "diagnostics:finding-list":                  ("GET",  LOGIN, LOGIN,   200,   404,   200,   404,   200),
    "diagnostics:finding-publish":               ("POST", LOGIN, LOGIN,   403,   404,   403,   404,   302),
    "diagnostics:finding-to-need":               ("POST", LOGIN, LOGIN,   302,   404,   403,   404,   302),
    "diagnostics:finding-update":                ("GET",  LOGIN, LOGIN,   200,   404,   403,   404,   200),
    "diagnostics:group-create":                  ("GET",  LOGIN, LOGIN,   200,   404,   403,   404,   200),
    "diagnostics:group-delete":                  ("POST", LOGIN, LOGIN,   302,   404,   403,   404,   302),
    "diagnostics:group-update":                  ("GET",  LOGIN, LOGIN,   200,   404,   403,   404,   200),
    "diagnostics:idea-create":                   ("GET",  LOGIN, LOGIN,   200,   404,   403,   404,   200),
    "diagnostics:idea-decide":                   ("POST", LOGIN, LOGIN,   403,   404,   403,   404,   302),
    "diagnostics:idea-delete":                   ("POST", LOGIN, LOGIN,   302,   404,   403,   404,   302),
    "diagnostics:idea-update":                   ("GET",  LOGIN, LOGIN,   200,   404,   403,   404,   200),
    "diagnostics:interview-create":              ("GET",  LOGIN, LOGIN,   200,   404,   403,   404,   200),
    "diagnostics:interview-delete":              ("POST", LOGIN, LOGIN,   302,   404,   403,   404,   302),
    "diagnostics:interview-detail":              ("GET",  LOGIN, LOGIN,   200,   404,   403,   404,   200),
    "diagnostics:interview-list":                ("GET",  LOGIN, LOGIN,   200,   404,   403,   404,   200),
    "diagnostics:interview-target":              ("GET",  LOGIN, LOGIN,   403,   404,   403,   404,   200),
    "diagnostics:interview-update":              ("GET",  LOGIN, LOGIN,   200,   404,   403,   404,   200),
    "diagnostics:inventory":                     ("GET",  LOGIN, LOGIN,   200,   404,   200,   404,   200),
    "diagnostics:invitations-send":              ("POST", LOGIN, LOGIN,   302,   404,   403,   404,   302),
    "diagnostics:need-create":                   ("GET",  LOGIN, LOGIN,   200,   404,   403,   404,   200),
    "diagnostics:need-delete":                   ("POST", LOGIN, LOGIN,   302,   404,   403,   404,   302),
    "diagnostics:need-detail":                   ("GET",  LOGIN, LOGIN,   200,   404,   200,   404,   200),
    "diagnostics:need-list":                     ("GET",  LOGIN, LOGIN,   200,   404,   200,   404,   200),
    "diagnostics:need-merge":                    ("POST", LOGIN, LOGIN,   403,   404,   403,   404,   200),
    "diagnostics:need-update":                   ("GET",  LOGIN, LOGIN,   200,   404,   403,   404,   200),
    "diagnostics:open-link-create":              ("GET",  LOGIN, LOGIN,   200,   404,   403,   404,   200),
    "diagnostics:open-link-revoke":              ("POST", LOGIN, LOGIN,   302,   404,   403,   404,   302),
    "diagnostics:open-link-start":               ("GET",    404,   200,   404,   404,   404,   404,   404),
    "diagnostics:open-link-update":              ("GET",  LOGIN, LOGIN,   200,   404,   403,   404,   200),
    "diagnostics:pst":                           ("GET",  LOGIN, LOGIN,   200,   404,   200,   404,   200),
    "diagnostics:pst-action-create":             ("GET",  LOGIN, LOGIN,   200,   404,   403,   404,   200),
    "diagnostics:pst-action-delete":             ("POST", LOGIN, LOGIN,   302,   404,   403,   404,   302),
    "diagnostics:pst-action-update":             ("GET",  LOGIN, LOGIN,   200,   404,   403,   404,   200),
    "diagnostics:pst-import":                    ("GET",  LOGIN, LOGIN,   200,   404,   403,   404,   200),
    "diagnostics:pst-import-discard":            ("POST", LOGIN, LOGIN,   404,   404,   403,   404,   302),
    "diagnostics:pst-import-preview":            ("GET",  LOGIN, LOGIN,   404,   404,   403,   404,   200),
    "diagnostics:pst-objective-create":          ("GET",  LOGIN, LOGIN,   200,   404,   403,   404,   200),
    "diagnostics:pst-objective-delete":          ("POST", LOGIN, LOGIN,   302,   404,   403,   404,   302),
    "diagnostics:pst-objective-update":          ("GET",  LOGIN, LOGIN,   200,   404,   403,   404,   200),
    "diagnostics:pst-template":                  ("GET",  LOGIN, LOGIN,   200,   404,   403,   404,   200),
    "diagnostics:question-bank":                 ("GET",  LOGIN, LOGIN,   403,   404,   403,   404,   200),
    "diagnostics:question-create":               ("GET",  LOGIN, LOGIN,   403,   404,   403,   404,   200),
    "diagnostics:question-delete":               ("POST", LOGIN, LOGIN,   403,   404,   403,   404,   302),
    "diagnostics:question-move":                 ("POST", LOGIN, LOGIN,   403,   404,   403,   404,   302),
    "diagnostics:question-update":               ("GET",  LOGIN, LOGIN,   403,   404,   403,   404,   200),
    "diagnostics:questionnaire-create":          ("GET",  LOGIN, LOGIN,   403,   404,   403,   404,   200),
    "diagnostics:questionnaire-delete":          ("POST", LOGIN, LOGIN,   403,   404,   403,   404,   302),
    "diagnostics:questionnaire-detail":          ("GET",  LOGIN, LOGIN,   200,   404,   200,   404,   200),
    "diagnostics:questionnaire-list":            ("GET",  LOGIN, LOGIN,   200,   404,   200,   404,   200),
    "diagnostics:questionnaire-new-version":     ("POST", LOGIN, LOGIN,   403,   404,   403,   404,   302),
    "diagnostics:questionnaire-preview":         ("GET",  LOGIN, LOGIN,   200,   404,   200,   404,   200),
    "diagnostics:questionnaire-update":          ("GET",  LOGIN, LOGIN,   403,   404,   403,   404,   200),
    "diagnostics:reminders-send":                ("POST", LOGIN, LOGIN,   302,   404,   403,   404,   302),
    "diagnostics:respond":                       ("GET",    404,   200,   404,   404,   404,   404,   404),
    "diagnostics:respond-autosave":              ("POST",   404,   302,   404,   404,   404,   404,   404),
    "diagnostics:respond-later":                 ("GET",    404,   200,   404,   404,   404,   404,   404),
    "diagnostics:respond-page":                  ("GET",    404,   200,   404,   404,   404,   404,   404),
    "diagnostics:respond-submit":                ("GET",    404,   200,   404,   404,   404,   404,   404),
    "diagnostics:respond-summary":               ("GET",    404,   200,   404,   404,   404,   404,   404),
    "diagnostics:respond-summary-download":      ("GET",    404,   200,   404,   404,   404,   404,   404),
    "diagnostics:respondent-create":             ("GET",  LOGIN, LOGIN,   200,   404,   403,   404,   200),
    "diagnostics:respondent-remind":             ("POST", LOGIN, LOGIN,   302,   404,   403,   404,   302),
    "diagnostics:respondent-revoke":             ("POST", LOGIN, LOGIN,   302,   404,   403,   404,   302),
    "diagnostics:section-create":                ("GET",  LOGIN, LOGIN,   403,   404,   403,   404,   200),
    "diagnostics:section-delete":                ("POST", LOGIN, LOGIN,   403,   404,   403,   404,   302),
    "diagnostics:section-move":                  ("POST", LOGIN, LOGIN,   403,   404,   403,   404,   302),
    "diagnostics:section-update":                ("GET",  LOGIN, LOGIN,   403,   404,   403,   404,   200),
    "diagnostics:synthesis":                     ("GET",  LOGIN, LOGIN,   200,   404,   200,   404,   200),
    "diagnostics:synthesis-update":              ("GET",  LOGIN, LOGIN,   403,   404,   403,   404,   200),
    "diagnostics:system-create":                 ("GET",  LOGIN, LOGIN,   200,   404,   403,   404,   200),
    "diagnostics:system-delete":                 ("POST", LOGIN, LOGIN,   302,   404,   403,   404,   302),
    "diagnostics:system-update":                 ("GET",  LOGIN, LOGIN,   200,   404,   403,   404,   200),
    "diagnostics:territory-scores":              ("GET",  LOGIN, LOGIN,   403,   403,   403,   404,   200),
    "diagnostics:warning-dismiss":               ("POST", LOGIN, LOGIN,   403,   404,   403,   404,   302),
    "diagnostics:warning-restore":               ("POST", LOGIN, LOGIN,   403,   404,   403,   404,   302),
    "diagnostics:workshop-create":               ("GET",  LOGIN, LOGIN,   200,   404,   403,   404,   200),
    "diagnostics:workshop-delete":               ("POST", LOGIN, LOGIN,   302,   404,   403,   404,   302),
    "diagnostics:workshop-detail":               ("GET",  LOGIN, LOGIN,   200,   404,   200,   404,   200),
    "diagnostics:workshop-list":                 ("GET",  LOGIN, LOGIN,   200,   404,   200,   404,   200),
    "diagnostics:workshop-update":               ("GET",  LOGIN, LOGIN,   200,   404,   403,   404,   200),
    "diagnostics:workshop-votes":                ("POST", LOGIN, LOGIN,   200,   404,   403,   404,   200),
    "funding:application-create":                ("GET",  LOGIN, LOGIN,   200,   404,   403,   404,   200),
    "funding:application-update":                ("GET",  LOGIN, LOGIN,   200,   404,   403,   404,   200),
    "funding:calendar":                          ("GET",  LOGIN, LOGIN,   200,   200,   200,   404,   200),
    "funding:call-create":                       ("GET",  LOGIN, LOGIN,   403,   403,   403,   404,   200),
    "funding:call-detail":                       ("GET",  LOGIN, LOGIN,   200,   200,   200,   404,   200),
    "funding:call-import":                       ("GET",  LOGIN, LOGIN,   403,   403,   403,   404,   200),
    "funding:call-import-discard":               ("POST", LOGIN, LOGIN,   403,   403,   403,   404,   302),
    "funding:call-import-preview":               ("GET",  LOGIN, LOGIN,   403,   403,   403,   404,   200),
    "funding:call-import-template":              ("GET",  LOGIN, LOGIN,   403,   403,   403,   404,   200),
    "funding:call-update":                       ("GET",  LOGIN, LOGIN,   403,   403,   403,   404,   200),
    "funding:catalogue":                         ("GET",  LOGIN, LOGIN,   200,   200,   200,   404,   200),
    "funding:reminder-settings":                 ("GET",  LOGIN, LOGIN,   403,   403,   403,   404,   200),
    "funding:sheet-funding":                     ("GET",  LOGIN, LOGIN,   200,   404,   404,   404,   200),
    "funding:shared-application-create":         ("GET",  LOGIN, LOGIN,   403,   403,   403,   404,   200),
    "funding:shared-application-update":         ("GET",  LOGIN, LOGIN,   403,   403,   403,   404,   200),
    "funding:territory-applications":            ("GET",  LOGIN, LOGIN,   403,   403,   403,   404,   200),
    "funding:unsubscribe":                       ("GET",    404,   200,   404,   404,   404,   404,   404),
    "healthz":                                   ("GET",    200,   200,   200,   200,   200,   200,   200),
    "home":                                      ("GET",  LOGIN, LOGIN,   302,   302,   302,   200,   200),
    "mutualisation:catalogue":                   ("GET",  LOGIN, LOGIN,   403,   403,   403,   404,   200),
    "mutualisation:commune":                     ("GET",  LOGIN, LOGIN,   200,   404,   200,   404,   200),
    "mutualisation:convergences":                ("GET",  LOGIN, LOGIN,   403,   403,   403,   404,   200),
    "mutualisation:convergences-export-csv":     ("GET",  LOGIN, LOGIN,   403,   403,   403,   404,   200),
    "mutualisation:convergences-export-xlsx":    ("GET",  LOGIN, LOGIN,   403,   403,   403,   404,   200),
    "mutualisation:framework-create":            ("GET",  LOGIN, LOGIN,   403,   403,   403,   404,   200),
    "mutualisation:member-answer":               ("POST", LOGIN, LOGIN,   302,   404,   403,   404,   302),
    "mutualisation:member-sheet":                ("POST", LOGIN, LOGIN,   302,   404,   403,   404,   302),
    "mutualisation:pooled-demand":               ("GET",  LOGIN, LOGIN,   403,   403,   403,   404,   200),
    "mutualisation:pooled-demand-export-csv":    ("GET",  LOGIN, LOGIN,   403,   403,   403,   404,   200),
    "mutualisation:pooled-demand-export-xlsx":   ("GET",  LOGIN, LOGIN,   403,   403,   403,   404,   200),
    "mutualisation:shared-project-create":       ("GET",  LOGIN, LOGIN,   403,   403,   403,   404,   200),
    "mutualisation:shared-project-detail":       ("GET",  LOGIN, LOGIN,   403,   403,   403,   404,   200),
    "mutualisation:shared-project-list":         ("GET",  LOGIN, LOGIN,   403,   403,   403,   404,   200),
    "mutualisation:shared-project-member-leave": ("POST", LOGIN, LOGIN,   403,   403,   403,   404,   302),
    "mutualisation:shared-project-member-propose": ("GET", LOGIN, LOGIN,  403,   403,   403,   404,   200),
    "mutualisation:shared-project-start":        ("POST", LOGIN, LOGIN,   403,   403,   403,   404,   302),
    "mutualisation:shared-project-update":       ("GET",  LOGIN, LOGIN,   403,   403,   403,   404,   200),
    "mutualisation:territory-inventory":         ("GET",  LOGIN, LOGIN,   403,   403,   403,   404,   200),
    "procurement:bidder-create":                 ("GET",  LOGIN, LOGIN,   200,   404,   403,   404,   200),
    "procurement:bidder-update":                 ("GET",  LOGIN, LOGIN,   200,   404,   403,   404,   200),
    "procurement:criteria-update":               ("GET",  LOGIN, LOGIN,   200,   404,   403,   404,   200),
    "procurement:document-create":               ("POST", LOGIN, LOGIN,   302,   404,   403,   404,   302),
    "procurement:document-docx":                 ("GET",  LOGIN, LOGIN,   200,   404,   200,   404,   200),
    "procurement:document-pdf":                  ("GET",  LOGIN, LOGIN,   200,   404,   200,   404,   200),
    "procurement:library":                       ("GET",  LOGIN, LOGIN,   403,   403,   403,   404,   200),
    "procurement:procurement-award":             ("POST", LOGIN, LOGIN,   403,   404,   403,   404,   302),
    "procurement:procurement-create":            ("GET",  LOGIN, LOGIN,   200,   404,   403,   404,   200),
    "procurement:procurement-detail":            ("GET",  LOGIN, LOGIN,   200,   404,   200,   404,   200),
    "procurement:procurement-list":              ("GET",  LOGIN, LOGIN,   200,   404,   200,   404,   200),
    "procurement:procurement-update":            ("GET",  LOGIN, LOGIN,   200,   404,   403,   404,   200),
    "procurement:requirement-add":               ("POST", LOGIN, LOGIN,   302,   404,   403,   404,   302),
    "procurement:requirement-delete":            ("POST", LOGIN, LOGIN,   302,   404,   403,   404,   302),
    "procurement:scores-update":                 ("GET",  LOGIN, LOGIN,   200,   404,   403,   404,   200),
    "procurement:specifications-template":       ("GET",  LOGIN, LOGIN,   200,   404,   200,   404,   200),
    "procurement:specifications-update":         ("GET",  LOGIN, LOGIN,   200,   404,   403,   404,   200),
    "privacy:people":                            ("GET",  LOGIN, LOGIN,   403,   403,   403,   404,   200),
    "privacy:person-erase":                      ("POST", LOGIN, LOGIN,   403,   403,   403,   404,   302),
    "privacy:person-export":                     ("GET",  LOGIN, LOGIN,   403,   403,   403,   404,   200),
    "projects:checklist-answer":                 ("POST", LOGIN, LOGIN,   302,   404,   403,   404,   302),
    "projects:checklist-item-delete":            ("POST", LOGIN, LOGIN,   403,   403,   403,   404,   302),
    "projects:checklist-item-move":              ("POST", LOGIN, LOGIN,   403,   403,   403,   404,   302),
    "projects:checklist-item-update":            ("GET",  LOGIN, LOGIN,   403,   403,   403,   404,   200),
    "projects:evaluation-create":                ("GET",  LOGIN, LOGIN,   403,   404,   403,   404,   200),
    "projects:evaluation-detail":                ("GET",  LOGIN, LOGIN,   200,   404,   200,   404,   200),
    "projects:evaluation-download":              ("GET",  LOGIN, LOGIN,   200,   404,   200,   404,   200),
    "projects:milestone-complete":               ("POST", LOGIN, LOGIN,   302,   404,   403,   404,   302),
    "projects:part-create":                      ("GET",  LOGIN, LOGIN,   200,   404,   403,   404,   200),
    "projects:part-delete":                      ("POST", LOGIN, LOGIN,   302,   404,   403,   404,   302),
    "projects:part-update":                      ("GET",  LOGIN, LOGIN,   200,   404,   403,   404,   200),
    "projects:phase-close":                      ("GET",  LOGIN, LOGIN,   403,   404,   403,   404,   200),
    "projects:project-create":                   ("GET",  LOGIN, LOGIN,   403,   404,   403,   404,   200),
    "projects:project-detail":                   ("GET",  LOGIN, LOGIN,   200,   404,   200,   404,   200),
    "projects:project-list":                     ("GET",  LOGIN, LOGIN,   200,   404,   200,   404,   200),
    "projects:project-update":                   ("GET",  LOGIN, LOGIN,   200,   404,   403,   404,   200),
    "projects:territory-checklists":             ("GET",  LOGIN, LOGIN,   403,   403,   403,   404,   200),
    "projects:territory-projects":               ("GET",  LOGIN, LOGIN,   403,   403,   403,   404,   200),
    "projects:value-create":                     ("GET",  LOGIN, LOGIN,   200,   404,   403,   404,   200),
    "projects:value-delete":                     ("POST", LOGIN, LOGIN,   302,   404,   403,   404,   302),
    "reports:report-create":                     ("GET",  LOGIN, LOGIN,   403,   404,   403,   404,   200),
    "reports:report-detail":                     ("GET",  LOGIN, LOGIN,   404,   404,   404,   404,   200),
    "reports:report-download":                   ("GET",  LOGIN, LOGIN,   404,   404,   404,   404,   200),
    "reports:report-list":                       ("GET",  LOGIN, LOGIN,   200,   404,   200,   404,   200),
    "reports:report-preview":                    ("GET",  LOGIN, LOGIN,   200,   404,   403,   404,   200),
    "reports:report-publish":                    ("POST", LOGIN, LOGIN,   403,   404,   403,   404,   302),
    "reports:report-download@published":         ("GET",  LOGIN, LOGIN,   200,   404,   200,   404,   200),
    "reports:report-retry":                      ("POST", LOGIN, LOGIN,   403,   404,   403,   404,   302),
    "reports:report-unpublish":                  ("POST", LOGIN, LOGIN,   403,   404,   403,   404,   302),
    "reports:report-version-preview":            ("GET",  LOGIN, LOGIN,   404,   404,   404,   404,   200),
    "reports:territory-logo":                    ("GET",  LOGIN, LOGIN,   200,   200,   200,   404,   200),
    "reports:territory-logo-delete":             ("POST", LOGIN, LOGIN,   403,   403,   403,   404,   302),
    "reports:territory-logo-update":             ("GET",  LOGIN, LOGIN,   403,   403,   403,   404,   200),
    "roadmaps:comment-create":                   ("POST", LOGIN, LOGIN,   200,   404,   403,   404,   200),
    "roadmaps:comment-delete":                   ("POST", LOGIN, LOGIN,   302,   404,   403,   404,   302),
    "roadmaps:criterion-create":                 ("GET",  LOGIN, LOGIN,   403,   404,   403,   404,   200),
    "roadmaps:criterion-delete":                 ("POST", LOGIN, LOGIN,   403,   404,   403,   404,   302),
    "roadmaps:plan":                             ("GET",  LOGIN, LOGIN,   403,   404,   403,   404,   200),
    "roadmaps:plan-decide":                      ("POST", LOGIN, LOGIN,   403,   404,   403,   404,   302),
    "roadmaps:prerequisite-add":                 ("POST", LOGIN, LOGIN,   200,   404,   403,   404,   200),
    "roadmaps:prerequisite-remove":              ("POST", LOGIN, LOGIN,   302,   404,   403,   404,   302),
    "roadmaps:roadmap-create":                   ("POST", LOGIN, LOGIN,   403,   404,   403,   404,   302),
    "roadmaps:roadmap-detail":                   ("GET",  LOGIN, LOGIN,   200,   404,   200,   404,   200),
    "roadmaps:roadmap-export-csv":               ("GET",  LOGIN, LOGIN,   200,   404,   404,   404,   200),
    "roadmaps:roadmap-export-xlsx":              ("GET",  LOGIN, LOGIN,   200,   404,   404,   404,   200),
    "roadmaps:roadmap-publish":                  ("POST", LOGIN, LOGIN,   403,   404,   403,   404,   302),
    "roadmaps:roadmap-ranking":                  ("GET",  LOGIN, LOGIN,   302,   404,   404,   404,   302),
    "roadmaps:roadmap-rescore":                  ("POST", LOGIN, LOGIN,   302,   404,   403,   404,   302),
    "roadmaps:roadmap-timeline":                 ("GET",  LOGIN, LOGIN,   200,   404,   404,   404,   200),
    "roadmaps:roadmap-update":                   ("GET",  LOGIN, LOGIN,   403,   404,   403,   404,   200),
    "roadmaps:sheet-create":                     ("GET",  LOGIN, LOGIN,   200,   404,   403,   404,   200),
    "roadmaps:sheet-delete":                     ("GET",  LOGIN, LOGIN,   403,   404,   403,   404,   200),
    "roadmaps:sheet-detail":                     ("GET",  LOGIN, LOGIN,   200,   404,   404,   404,   200),
    "roadmaps:sheet-horizon":                    ("POST", LOGIN, LOGIN,   302,   404,   403,   404,   302),
    "roadmaps:sheet-marks":                      ("GET",  LOGIN, LOGIN,   200,   404,   403,   404,   200),
    "roadmaps:sheet-update":                     ("GET",  LOGIN, LOGIN,   200,   404,   403,   404,   200),
    "roadmaps:template-list":                    ("GET",  LOGIN, LOGIN,   200,   404,   403,   404,   200),
    "roadmaps:weights-preview":                  ("POST", LOGIN, LOGIN,   403,   404,   403,   404,   200),
    "roadmaps:weights-update":                   ("GET",  LOGIN, LOGIN,   403,   404,   403,   404,   200),
}
# fmt: on


# The world ---------------------------------------------------------------------------------------


@dataclass
class World:
    users: dict
    commune_b_slug: str
    kwargs: dict  # url name → kwargs (role-independent)
    tokens: dict  # url name → kwarg name of the token only the respondent role holds
    sessions: dict = field(default_factory=dict)  # role → session key of a logged-in session


def build_world() -> World:
    territory = TerritoryFactory(name="Charleroi Métropole", intercommunale="IGRETEC", slug="igretec")
    other_territory = TerritoryFactory(name="Province de Namur", intercommunale="BEP", slug="bep")
    commune_a = CommuneFactory(territory=territory, name="Courcelles", slug="courcelles", nis_code="52015")
    commune_b = CommuneFactory(territory=territory, name="Lobbes", slug="lobbes", nis_code="56044")
    CommuneFactory(territory=other_territory, name="Andenne", slug="andenne", nis_code="92003")
    territory.logo.save("logo.png", ContentFile(PNG), save=True)

    referent = UserFactory(username="referent")
    MembershipFactory(user=referent, role=Role.REFERENT, commune=None, territory=territory)
    other_referent = UserFactory(username="other-referent")
    MembershipFactory(user=other_referent, role=Role.REFERENT, commune=None, territory=other_territory)
    staff_a = UserFactory(username="staff-a")
    MembershipFactory(user=staff_a, role=Role.STAFF, commune=commune_a)
    staff_b = UserFactory(username="staff-b")
    MembershipFactory(user=staff_b, role=Role.STAFF, commune=commune_b)
    college_a = UserFactory(username="college-a")
    MembershipFactory(user=college_a, role=Role.COLLEGE, commune=commune_a)

    # communes
    accompaniment = AccompanimentFactory(commune=commune_a)
    milestone = MilestoneFactory(accompaniment=accompaniment)
    invitation = InvitationFactory(commune=commune_a, territory=territory, invited_by=referent)

    # questionnaires and campaigns
    small = build_small_questionnaire(commune_a, referent)
    questionnaire = small.questionnaire
    section = questionnaire.sections.order_by("position").first()
    question = small.q["single"]
    today = timezone.localdate()
    campaign = campaign_services.campaign_create(
        commune=commune_a,
        questionnaire=questionnaire,
        actor=referent,
        title="Campagne",
        opens_on=today - timedelta(days=3),
        closes_on=today + timedelta(days=10),
    )
    groups = {g.kind: g for g in campaign.groups.all()}
    (respondent,) = campaign_services.respondents_add(
        campaign=campaign,
        group=groups["administration"],
        actor=referent,
        people=[("Marie Dumont", "marie@courcelles.example")],
        send=False,
    )
    open_link = campaign_services.open_link_create(campaign=campaign, group=groups["citizens"], actor=referent)

    # diagnostic workspace
    ws = build_workspace(commune_a, referent)
    from diagnostics.services import inventory as inventory_services

    dismissal = inventory_services.warning_dismiss(
        commune=commune_a, actor=referent, key=f"single_knowledge:{ws.system_b.pk}:ann", reason="Backup trained"
    )
    pst_import = PstImport.objects.create(
        commune=commune_a, uploaded_by=referent, source_name="pst.csv", file_format="csv", table=[], row_count=0
    )
    evidence = ws.need.evidence.first()

    # roadmap
    roadmap = roadmap_services.roadmap_create(commune=commune_a, actor=referent)
    roadmap_services.roadmap_create(commune=commune_b, actor=referent)
    sheet = ProjectSheet.objects.create(roadmap=roadmap, title=DRAFT_SHEET, investment=Decimal(10000))
    required = ProjectSheet.objects.create(roadmap=roadmap, title="Fibre", investment=Decimal(5000))
    Prerequisite.objects.create(sheet=sheet, required=required)
    comment = Comment.objects.create(sheet=sheet, author=staff_a, body="Bonne idée")
    criterion = roadmap_services.criterion_create(roadmap=roadmap, actor=referent, label="Local", weight=1)
    plan = PlanProposal.objects.create(roadmap=roadmap, budgets={}, created_by=referent)

    # funding: a call of the territory and the draft sheet's application to it
    from funding import services as funding_services

    funding_call = funding_services.call_save(
        territory=territory,
        actor=referent,
        fields={"funder_kind": "region", "programme": "Programme", "title": "Appel", "beneficiaries": ["commune"]},
        rounds=[(today, today + timedelta(days=30))],
    )
    application = funding_services.application_create(call=funding_call, sheet=sheet, actor=referent, fields={})
    from funding.models import CallImport
    from mutualisation.models import SharedProject

    shared_application = funding_services.application_create(
        call=funding_call,
        shared_project=SharedProject.objects.create(territory=territory, title="Projet commun"),
        actor=referent,
        fields={},
    )
    funding_import = CallImport.objects.create(
        territory=territory, uploaded_by=referent, source_name="appels.csv", file_format="csv", table=[], row_count=0
    )

    # barometer
    edition = make_edition(territory, year=2025)
    answer(edition, commune_a, smartness=7)
    published = make_edition(territory, year=2024, open_now=False)
    barometer_services.edition_publish(edition=published, actor=referent)
    response_import = ResponseImport.objects.create(
        edition=edition, uploaded_by=referent, source_name="x.csv", file_format="csv", status=ImportStatus.PENDING
    )
    # Commune A invited to answer through its links an edition it has not answered yet.
    linked = make_edition(territory, year=2026)
    barometer_invitations.invitations_send(
        edition=linked, actor=referent, people={commune_a.pk: barometer_invitations.Addresses("dg@a.example")}
    )
    link_token = barometer_invitations.invitee_token(linked.invitations.get().invitees.get())

    # projects and API tokens
    project = Project.objects.create(commune=commune_a, title="Wifi dans les parcs")
    indicator = Indicator.objects.create(project=project, name="Connexions")
    referent_token, _text = api_token_create(actor=referent, name="BI", scope=TokenScope.WRITE, days=30)

    # reports: an unpublished version (what the college must not read) and a published one
    def report(number, published):
        version = Report.objects.create(commune=commune_a, number=number, language="fr", status=ReportStatus.DONE)
        version.pdf.save(f"r{number}.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
        version.finished_at = timezone.now()
        version.snapshot = full_doc(sheets=1)
        version.published_at = timezone.now() if published else None
        version.save()
        return version

    # procurement: one for the draft sheet (its own title: the sheet's is kept from the college), a bidder,
    # a requirement and a rendered document
    from procurement import services as procurement_services
    from procurement.models import DocumentStatus, ProcurementDocument

    procurement = procurement_services.procurement_create(
        actor=referent,
        commune=commune_a,
        title="Marché du site",
        sheet=sheet,
        purchase_type="services",
        estimated_amount=Decimal(60000),
    )
    bidder = procurement_services.bidder_save(
        actor=referent, procurement=procurement, values={"name": "Alpha", "offer_price": Decimal(50000)}
    )
    requirement = procurement.requirements.first()
    procurement_document = ProcurementDocument.objects.create(
        procurement=procurement, kind="specifications", number=1, status=DocumentStatus.DONE
    )
    procurement_document.docx.save("s.docx", ContentFile(b"PK"), save=False)
    procurement_document.pdf.save("s.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=True)

    draft_report = report(1, published=False)
    published_report = report(2, published=True)

    # projects: a project of the sheet-less kind with one of everything, and a finished evaluation version
    project = project_services.start_project(actor=referent, commune=commune_a, title="Projet mené")
    indicator = Indicator.objects.create(project=project, name="Usagers", unit="", target=Decimal(10))
    measure = project_services.record_indicator_value(actor=referent, indicator=indicator, measured_on=today, value="3")
    project_milestone = ProjectMilestone.objects.create(project=project, title="Jalon", due_date=today)
    evaluation = EvaluationReport.objects.create(project=project, number=1, language="fr", status=EvaluationStatus.DONE)
    evaluation.pdf.save("e1.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=True)
    checklist_item = project.checklist.order_by("pk").first()
    territory_item = project_services.checklist_item_save(
        actor=referent,
        territory=territory,
        item=ChecklistTemplateItem(phase="planning", text_fr="Élément", text_en="Item"),
    )

    # mutualisation: a shared project of A and a third commune (B is not asked), an agreement in the catalogue
    commune_c = CommuneFactory(territory=territory, name="Thuin", slug="thuin", nis_code="56078")
    shared = mutualisation_services.shared_project_create(
        actor=referent,
        territory=territory,
        data=mutualisation_services.SharedProjectInput(
            title="Wi-Fi",
            investment=Decimal(1000),
            running_cost=Decimal(0),
            split_rule="equal",
            members=[mutualisation_services.MemberInput(commune_a), mutualisation_services.MemberInput(commune_c)],
        ),
    )
    shared_member = shared.members.get(commune=commune_a)
    mutualisation_services.framework_create(
        actor=referent,
        territory=territory,
        fields={
            "title": "Guichet",
            "function_category": "online_services",
            "valid_from": today - timedelta(days=1),
            "valid_until": today + timedelta(days=100),
        },
        lots=[],
    )

    a = {"slug": commune_a.slug}
    t = {"slug": territory.slug}
    q = {**a, "pk": questionnaire.pk}
    c = {**a, "pk": campaign.pk}
    s = {**a, "pk": sheet.pk}
    e = {"pk": edition.pk}
    kwargs = {
        "home": {},
        "healthz": {},
        "accounts:password-reset-confirm": {"uidb64": "MQ", "token": "set-password"},
        # A link signed for nobody: the page offers to confirm; the POST refuses it (tested in tests/accounts).
        "accounts:email-change-confirm": {"token": "not-a-signed-link"},
        "communes:commune-detail": a,
        "communes:commune-update": a,
        "communes:accompaniment-update": a,
        "communes:milestone-create": a,
        "communes:milestone-update": {**a, "pk": milestone.pk},
        "communes:milestone-complete": {**a, "pk": milestone.pk},
        "communes:milestone-delete": {**a, "pk": milestone.pk},
        "communes:territory-activity": t,
        "communes:territory-people": t,
        "communes:invitation-create": t,
        "communes:invitation-revoke": {"pk": invitation.pk},
        "communes:invitation-resend": {"pk": invitation.pk},
        "communes:invitation-accept": {"token": invitation_token(invitation)},
        "diagnostics:questionnaire-preview": {**q, "number": 1},
        "diagnostics:section-update": {**q, "section_pk": section.pk},
        "diagnostics:section-delete": {**q, "section_pk": section.pk},
        "diagnostics:section-move": {**q, "section_pk": section.pk},
        "diagnostics:question-create": {**q, "section_pk": section.pk},
        "diagnostics:question-update": {**q, "question_pk": question.pk},
        "diagnostics:question-delete": {**q, "question_pk": question.pk},
        "diagnostics:question-move": {**q, "question_pk": question.pk},
        "diagnostics:group-update": {**c, "group_pk": groups["administration"].pk},
        "diagnostics:group-delete": {**c, "group_pk": groups["administration"].pk},
        "diagnostics:respondent-revoke": {**c, "respondent_pk": respondent.pk},
        "diagnostics:respondent-remind": {**c, "respondent_pk": respondent.pk},
        "diagnostics:open-link-update": {**c, "link_pk": open_link.pk},
        "diagnostics:open-link-revoke": {**c, "link_pk": open_link.pk},
        "diagnostics:campaign-question-texts": {**c, "question_pk": small.q["long"].pk},
        "diagnostics:campaign-export": {**c, "kind": "results", "fmt": "csv"},
        "diagnostics:territory-scores": t,
        "diagnostics:open-link-start": {"token": open_link_token(open_link)},
        "diagnostics:respond": {"token": response_token(respondent.response)},
        "diagnostics:respond-page": {"token": response_token(respondent.response), "number": 1},
        "diagnostics:respond-autosave": {"token": response_token(respondent.response), "question_pk": question.pk},
        "diagnostics:respond-submit": {"token": response_token(respondent.response)},
        "diagnostics:respond-later": {"token": response_token(respondent.response)},
        "diagnostics:respond-summary": {"token": response_token(respondent.response)},
        "diagnostics:respond-summary-download": {"token": response_token(respondent.response)},
        "diagnostics:pst-objective-create": {**a, "level": "strategic"},
        "diagnostics:pst-objective-update": {**a, "pk": ws.operational.pk},
        "diagnostics:pst-objective-delete": {**a, "pk": ws.operational.pk},
        "diagnostics:pst-action-update": {**a, "pk": ws.action.pk},
        "diagnostics:pst-action-delete": {**a, "pk": ws.action.pk},
        "diagnostics:pst-import-preview": {**a, "key": pst_import.key},
        "diagnostics:pst-import-discard": {**a, "key": pst_import.key},
        "diagnostics:interview-detail": {**a, "pk": ws.interview.pk},
        "diagnostics:interview-update": {**a, "pk": ws.interview.pk},
        "diagnostics:interview-delete": {**a, "pk": ws.interview.pk},
        "diagnostics:finding-create": {**a, "pk": ws.interview.pk},
        "diagnostics:finding-update": {**a, "pk": ws.finding.pk},
        "diagnostics:finding-delete": {**a, "pk": ws.finding.pk},
        "diagnostics:finding-publish": {**a, "pk": ws.private_finding.pk},
        "diagnostics:finding-to-need": {**a, "pk": ws.finding.pk},
        "diagnostics:workshop-detail": {**a, "pk": ws.workshop.pk},
        "diagnostics:workshop-update": {**a, "pk": ws.workshop.pk},
        "diagnostics:workshop-delete": {**a, "pk": ws.workshop.pk},
        "diagnostics:idea-create": {**a, "pk": ws.workshop.pk},
        "diagnostics:workshop-votes": {**a, "pk": ws.workshop.pk},
        "diagnostics:idea-update": {**a, "pk": ws.idea.pk},
        "diagnostics:idea-delete": {**a, "pk": ws.idea.pk},
        "diagnostics:idea-decide": {**a, "pk": ws.idea.pk},
        "diagnostics:system-update": {**a, "pk": ws.system_a.pk},
        "diagnostics:system-delete": {**a, "pk": ws.system_a.pk},
        "diagnostics:exchange-update": {**a, "pk": ws.exchange.pk},
        "diagnostics:exchange-delete": {**a, "pk": ws.exchange.pk},
        "diagnostics:warning-restore": {**a, "pk": dismissal.pk},
        "diagnostics:need-detail": {**a, "pk": ws.need.pk},
        "diagnostics:need-update": {**a, "pk": ws.need.pk},
        "diagnostics:need-delete": {**a, "pk": ws.need.pk},
        "diagnostics:evidence-add": {**a, "pk": ws.need.pk, "kind": "finding"},
        "diagnostics:evidence-remove": {**a, "pk": ws.need.pk, "evidence_pk": evidence.pk},
        "diagnostics:need-merge": {**a, "pk": ws.need.pk},
        "roadmaps:criterion-delete": {**a, "pk": criterion.pk},
        "roadmaps:prerequisite-remove": {**s, "required_pk": required.pk},
        "roadmaps:comment-delete": {**s, "comment_pk": comment.pk},
        "roadmaps:plan-decide": {**a, "pk": plan.pk},
        "barometer:edition-create": t,
        "barometer:edition-export": {**e, "fmt": "csv"},
        "barometer:edition-template": {**e, "fmt": "csv"},
        "barometer:question-update": {**e, "question_pk": edition.questions.first().pk},
        "barometer:question-delete": {**e, "question_pk": edition.questions.first().pk},
        "barometer:import-preview": {**e, "import_pk": response_import.pk},
        "barometer:import-confirm": {**e, "import_pk": response_import.pk},
        "barometer:import-discard": {**e, "import_pk": response_import.pk},
        "barometer:response-detail": {**e, **a},
        "barometer:response-edit": {**e, **a},
        "barometer:response-delete": {**e, **a},
        "barometer:response-summary-pdf": {**e, **a},
        "barometer:commune-overview": a,
        "barometer:invitation-revoke": {"pk": linked.pk, **a},
        "barometer:invitation-accept": {"pk": linked.pk, **a, "role": "administration"},
        "barometer:answer": {"token": link_token},
        "barometer:answer-page": {"token": link_token, "number": 1},
        "barometer:answer-confirm": {"token": link_token},
        "barometer:answer-done": {"token": link_token},
        "barometer:public-summary": {"territory_slug": territory.slug, "year": published.year},
        "reports:territory-logo-update": t,
        "privacy:people": t,
        "privacy:person-export": {**t, "kind": "respondent", "pk": respondent.pk},
        "privacy:person-erase": {**t, "kind": "respondent", "pk": respondent.pk},
        "reports:territory-logo-delete": t,
        "reports:territory-logo": t,
        "reports:report-download@published": {**a, "pk": published_report.pk},
        "projects:project-detail": {**a, "pk": project.pk},
        "projects:project-update": {**a, "pk": project.pk},
        "projects:phase-close": {**a, "pk": project.pk},
        "projects:evaluation-create": {**a, "pk": project.pk},
        "projects:checklist-answer": {**a, "pk": project.pk, "item_pk": checklist_item.pk},
        "projects:part-create": {**a, "pk": project.pk, "part": "risk"},
        "projects:part-update": {**a, "pk": project.pk, "part": "indicator", "part_pk": indicator.pk},
        "projects:part-delete": {**a, "pk": project.pk, "part": "milestone", "part_pk": project_milestone.pk},
        "projects:milestone-complete": {**a, "pk": project.pk, "part_pk": project_milestone.pk},
        "projects:value-create": {**a, "pk": project.pk, "indicator_pk": indicator.pk},
        "projects:value-delete": {**a, "pk": project.pk, "indicator_pk": indicator.pk, "value_pk": measure.pk},
        "projects:evaluation-detail": {**a, "pk": project.pk, "report_pk": evaluation.pk},
        "projects:evaluation-download": {**a, "pk": project.pk, "report_pk": evaluation.pk},
        "projects:checklist-item-delete": {**t, "item_pk": territory_item.pk},
        "projects:checklist-item-move": {**t, "item_pk": territory_item.pk},
        "projects:checklist-item-update": {**t, "item_pk": territory_item.pk},
        "mutualisation:shared-project-detail": {**t, "pk": shared.pk},
        "mutualisation:shared-project-start": {**t, "pk": shared.pk},
        "mutualisation:shared-project-update": {**t, "pk": shared.pk},
        "mutualisation:shared-project-member-leave": {**t, "pk": shared.pk, "member_pk": shared_member.pk},
        "mutualisation:member-answer": {**a, "pk": shared.pk},
        "mutualisation:member-sheet": {**a, "pk": shared.pk},
        "mutualisation:shared-project-member-propose": {**t, "pk": shared.pk},
        "mutualisation:pooled-demand-export-csv": {**t, "category": "online_services"},
        "mutualisation:pooled-demand-export-xlsx": {**t, "category": "online_services"},
        "api:edition-results": {"pk": published.pk},
        "api:answers-import": {"pk": edition.pk},
        "api:opendata-barometer": {"territory_slug": territory.slug, "year": published.year, "fmt": "csv"},
        "api:project-detail": {**a, "pk": project.pk},
        "api:indicator-value-create": {**a, "project_pk": project.pk, "pk": indicator.pk},
        "api:token-revoke": {"pk": referent_token.pk},
        "api:procurement-detail": {**a, "pk": procurement.pk},
        "diagnostics:campaign-export@answers": {**c, "kind": "answers", "fmt": "csv"},
        **{
            f"procurement:{name}": {**a, "pk": procurement.pk}
            for name in (
                "procurement-detail",
                "procurement-update",
                "specifications-update",
                "requirement-add",
                "criteria-update",
                "bidder-create",
                "scores-update",
                "procurement-award",
                "document-create",
            )
        },
        "procurement:specifications-template": {**a, "function": "website"},
        "procurement:requirement-delete": {**a, "pk": procurement.pk, "requirement_pk": requirement.pk},
        "procurement:bidder-update": {**a, "pk": procurement.pk, "bidder_pk": bidder.pk},
        "procurement:document-docx": {**a, "pk": procurement.pk, "document_pk": procurement_document.pk},
        "procurement:document-pdf": {**a, "pk": procurement.pk, "document_pk": procurement_document.pk},
        "funding:call-detail": {**t, "pk": funding_call.pk},
        "funding:call-update": {**t, "pk": funding_call.pk},
        "funding:application-update": {**a, "pk": application.pk},
        "funding:call-import-preview": {**t, "key": funding_import.key},
        "funding:shared-application-update": {**t, "pk": shared_application.pk},
        "funding:call-import-discard": {**t, "key": funding_import.key},
        "funding:unsubscribe": {
            "token": funding_services.unsubscribe_token(user_id=referent.pk, territory_id=territory.pk)
        },
    }
    # The other URL names take only the commune or territory, and perhaps the questionnaire, campaign,
    # sheet, report version or barometer edition their address names.
    by_route = {"campaigns/": c, "questionnaires/": q, "roadmap/sheets/": s, "reports/": {**a, "pk": draft_report.pk}}
    for name, (params, route) in url_params().items():
        if name in kwargs:
            continue
        if not params:
            kwargs[name] = {}
        elif params == {"slug"}:
            kwargs[name] = t if route.startswith("territories/") else a
        elif params == {"pk"} and name.startswith("barometer:"):
            kwargs[name] = e
        elif params == {"slug", "pk"}:
            kwargs[name] = next((v for k, v in by_route.items() if k in route), None)
        if kwargs.get(name) is None:
            kwargs.pop(name, None)  # test_permission says which URL needs an object here
    users = {
        "staff_a": staff_a,
        "staff_b": staff_b,
        "college_a": college_a,
        "other_referent": other_referent,
        "referent": referent,
    }
    tokens = {name: "token" for name in kwargs if "token" in kwargs[name] and not name.startswith("accounts:")}
    return World(users=users, commune_b_slug=commune_b.slug, kwargs=kwargs, tokens=tokens)


# URL patterns ------------------------------------------------------------------------------------


def _walk(patterns, namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace in SKIPPED_NAMESPACES:
                continue
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _walk(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}", pattern


def url_params() -> dict[str, tuple[set[str], str]]:
    """Every named URL of the project (admin excluded): the names of its parameters and its route."""
    found = {}
    for name, pattern in _walk(get_resolver().url_patterns):
        params = set(pattern.pattern.regex.groupindex) - set(pattern.default_args)
        found.setdefault(name, (params, str(pattern.pattern)))
    return found


def _static_or_media(name: str) -> bool:
    return name in ("static", "media", "serve")


URL_NAMES = sorted(n for n in url_params() if not _static_or_media(n))


def url_name(key: str) -> str:
    """A row's URL name: `reports:report-download@published` is a second case of `reports:report-download`."""
    return key.split("@")[0]


# Fixtures ----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    media_root = tmp_path_factory.mktemp("media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media_root):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            world = build_world()
            world.sessions = {role: _session_for(user) for role, user in world.users.items()}
            yield world
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def _session_for(user) -> str:
    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


def _client(world: World, role: str) -> Client:
    client = Client()
    if role in world.sessions:
        client.cookies[settings.SESSION_COOKIE_NAME] = world.sessions[role]
    return client


def _url(world: World, name: str, role: str) -> str:
    kwargs = dict(world.kwargs[name])
    token_param = world.tokens.get(name)
    if token_param and role != "respondent":
        kwargs[token_param] = BOGUS_TOKEN
    return reverse(url_name(name), kwargs=kwargs)


def _outcome(response) -> object:
    if response.status_code == 302 and response["Location"].split("?")[0].endswith(str(settings.LOGIN_URL)):
        return LOGIN
    if response.status_code == 302 and "/accounts/login/" in response["Location"]:
        return LOGIN
    return response.status_code


def _request(world: World, name: str, role: str, method: str):
    client = _client(world, role)
    url = _url(world, name, role)
    with transaction.atomic():
        response = client.post(url, {}) if method == "POST" else client.get(url)
        transaction.set_rollback(True)
    return response


# Tests -------------------------------------------------------------------------------------------


def test_every_url_has_a_row():
    missing = sorted(set(URL_NAMES) - set(EXPECTED))
    assert not missing, f"URL names without a row in EXPECTED: {missing}"


def test_every_row_names_an_existing_url():
    stale = sorted(key for key in EXPECTED if url_name(key) not in URL_NAMES)
    assert not stale, f"rows of EXPECTED naming no URL: {stale}"


def test_every_row_lists_every_role():
    wrong = [name for name, row in EXPECTED.items() if len(row) != len(ROLES) + 1 or row[0] not in ("GET", "POST")]
    assert not wrong


# Leaks found by this test and reported, not yet fixed: strict, so the case fails once the leak is gone and
# its line here must go.
KNOWN_LEAKS: dict = {}
CASES = [
    pytest.param(key, role, id=f"{key}-{role}", marks=[pytest.mark.xfail(strict=True, reason=KNOWN_LEAKS[key, role])])
    if (key, role) in KNOWN_LEAKS
    else pytest.param(key, role, id=f"{key}-{role}")
    for key in sorted(EXPECTED)
    if url_name(key) in URL_NAMES
    for role in ROLES
]


@pytest.mark.parametrize(("name", "role"), CASES)
def test_permission(world, db, name, role):
    assert name in world.kwargs, f"build_world() has no object for the parameters of {name}"
    method, *statuses = EXPECTED[name]
    expected = statuses[ROLES.index(role)]
    response = _request(world, name, role, method)
    assert _outcome(response) == expected, f"{method} {name} as {role}: got {response.status_code}"
    if role == "college_a" and response.status_code == 200 and "html" in response.get("Content-Type", ""):
        page = response.content.decode()
        assert not [secret for secret in COLLEGE_SECRETS if secret in page], f"{name} shows the college a secret"
    if response.status_code == 200 and "html" in response.get("Content-Type", ""):
        page = response.content.decode()
        shown = [what for what, (value, roles) in _secrets(world).items() if value in page and role not in roles]
        assert not shown, f"{name} shows {role} {shown}"

    if expected not in (LOGIN, 401, 403, 404) and role != "referent":
        return
    other = "GET" if method == "POST" else "POST"
    response = _request(world, name, role, other)
    assert response.status_code < 500, f"{other} {name} as {role}: server error {response.status_code}"
    if expected in (LOGIN, 401, 403, 404):
        assert _outcome(response) in (expected, 405), f"{other} {name} as {role}: got {response.status_code}"


# Secrets and who may read them in a page: the token of a link only its holder (the `respondent` role here, who
# follows it) and the staff who hand it out; e-mail addresses of invitees only the invitee and those who invite.
SECRET_READERS = {
    "invitation token": {"respondent"},
    "invitee e-mail": {"respondent", "referent"},
    "open-link token": {"respondent", "staff_a", "referent"},
    "respondent token": {"respondent"},
    "respondent e-mail": {"staff_a", "referent"},
}


def _secrets(world: World) -> dict[str, tuple[str, set[str]]]:
    """Secret → (its value in the world, the roles that may read it)."""
    if not hasattr(world, "secrets"):
        from communes.models import Invitation

        invitation = Invitation.objects.get(pk=world.kwargs["communes:invitation-revoke"]["pk"])
        values = {
            "invitation token": world.kwargs["communes:invitation-accept"]["token"],
            "invitee e-mail": invitation.email,
            "open-link token": world.kwargs["diagnostics:open-link-start"]["token"],
            "respondent token": world.kwargs["diagnostics:respond"]["token"],
            "respondent e-mail": "marie@courcelles.example",
        }
        world.secrets = {what: (value, SECRET_READERS[what]) for what, value in values.items()}
    return world.secrets


OBJECT_PARAMS = (
    "pk",
    "key",
    "section_pk",
    "question_pk",
    "group_pk",
    "respondent_pk",
    "link_pk",
    "import_pk",
    "item_pk",
    "part_pk",
)


def _names_an_object_of_the_commune(key: str) -> bool:
    """The address names a commune and an object of that commune (barometer editions belong to the territory)."""
    params, _route = url_params()[url_name(key)]
    return "slug" in params and any(p in params for p in OBJECT_PARAMS) and not key.startswith("barometer:")


CROSS_CASES = [
    (key, role)
    for key in sorted(EXPECTED)
    if url_name(key) in URL_NAMES and _names_an_object_of_the_commune(key)
    for role in ("staff_b", "referent")
]


@pytest.mark.parametrize(("name", "role"), CROSS_CASES, ids=[f"{n}-{r}" for n, r in CROSS_CASES])
def test_object_of_commune_a_through_the_address_of_commune_b(world, db, name, role):
    """Commune B's address with an object of commune A: 404, even for the referent who reaches both communes."""
    kwargs = world.kwargs[name]
    method = EXPECTED[name][0]
    url = reverse(url_name(name), kwargs={**kwargs, "slug": world.commune_b_slug})
    for verb in (method, "POST" if method == "GET" else "GET"):
        with transaction.atomic():
            client = _client(world, role)
            response = client.post(url, {}) if verb == "POST" else client.get(url)
            transaction.set_rollback(True)
        # Staff of B may be refused on their own commune before the object is looked for (403).
        allowed = {404} | ({403} if role == "staff_b" else set()) | ({405} if verb != method else set())
        assert response.status_code in allowed, f"{verb} {url} as {role}: got {response.status_code}"


# Valid bodies carrying another commune's ids -----------------------------------------------------
# A form of commune A posted by the referent (who reaches both communes) with every field valid but one id that
# belongs to commune B: refused, nothing written. The same body with commune A's own id is accepted, which
# proves the body is otherwise valid (the refusal is about the foreign id, not about a missing field).


def _fingerprint() -> dict:
    """Row counts and last modification of every model of our apps: any write shows up here."""
    from django.apps import apps

    state = {}
    for label in ("communes", "diagnostics", "roadmaps", "barometer", "reports"):
        for model in apps.get_app_config(label).get_models():
            rows = model._default_manager.all()
            state[model._meta.label] = (rows.count(), hash(tuple(map(str, rows.order_by("pk").values_list()))))
    return state


def _commune_b_objects(world: World) -> dict:
    """A workspace, a questionnaire, a roadmap sheet and criterion for commune B."""
    from communes.models import Commune
    from diagnostics.models import Questionnaire
    from roadmaps.models import Roadmap

    referent = world.users["referent"]
    commune_b = Commune.objects.get(slug=world.commune_b_slug)
    ws_b = build_workspace(commune_b, referent)
    build_small_questionnaire(commune_b, referent)
    roadmap_b = Roadmap.objects.filter(commune=commune_b).first()
    return {
        "need": ws_b.need,
        "finding": ws_b.finding,
        "system": ws_b.system_a,
        "questionnaire": Questionnaire.objects.filter(commune=commune_b).first(),
        "sheet": ProjectSheet.objects.create(roadmap=roadmap_b, title="Projet de B", investment=Decimal(1000)),
        "criterion": roadmap_services.criterion_create(roadmap=roadmap_b, actor=referent, label="De B", weight=1),
    }


def _commune_a_objects(world: World) -> dict:
    """Commune A's own counterparts, fresh so that linking them is allowed (not already linked, not merged)."""
    from diagnostics.models import ExistingSystem, FindingKind, Interview, Need, Questionnaire
    from diagnostics.services import interviews as interview_services
    from diagnostics.services import needs as need_services

    referent = world.users["referent"]
    need = Need.objects.get(pk=world.kwargs["diagnostics:need-detail"]["pk"])
    interview = Interview.objects.get(pk=world.kwargs["diagnostics:interview-detail"]["pk"])
    finding = interview_services.finding_create(
        interview=interview, actor=referent, kind=FindingKind.NEED, summary="Un autre constat", pillars=["governance"]
    )
    interview_services.finding_set_published(finding=finding, actor=referent, published=True)
    sheet = ProjectSheet.objects.get(pk=world.kwargs["roadmaps:prerequisite-remove"]["pk"])
    return {
        "need": need_services.need_create(commune=need.commune, actor=referent, title="Autre besoin", pillars=[]),
        "finding": finding,
        "system": ExistingSystem.objects.filter(commune=need.commune).order_by("pk").first(),
        "questionnaire": Questionnaire.objects.filter(commune=need.commune).first(),
        "sheet": ProjectSheet.objects.create(roadmap=sheet.roadmap, title="Autre projet", investment=Decimal(1000)),
    }


def _exchange_body(objs):
    from diagnostics.models import ExistingSystem

    target = ExistingSystem.objects.filter(commune__slug="courcelles").order_by("-pk").first()
    return {"source": objs["system"].pk, "target": target.pk, "data": "Registre", "mode": "manual"}


def _campaign_body(objs):
    today = timezone.localdate()
    return {
        "questionnaire": objs["questionnaire"].pk,
        "title": "Campagne croisée",
        "opens_on": today.isoformat(),
        "closes_on": (today + timedelta(days=20)).isoformat(),
        "reminder_every_days": "",
        "max_reminders": "0",
    }


# url name (its commune A kwargs come from the world), body from commune B's (or A's) objects
FOREIGN_ID_CASES = {
    "diagnostics:need-merge": lambda o: {"target": o["need"].pk},
    "diagnostics:evidence-add": lambda o: {"finding-finding": o["finding"].pk, "finding-note": "Vu"},
    "diagnostics:exchange-create": _exchange_body,
    "diagnostics:campaign-create": _campaign_body,
    "roadmaps:prerequisite-add": lambda o: {"required": o["sheet"].pk},
}


@pytest.mark.parametrize("name", sorted(FOREIGN_ID_CASES))
def test_valid_body_with_an_id_of_another_commune_is_refused(world, db, name):
    client = _client(world, "referent")
    url = reverse(url_name(name), kwargs=world.kwargs[name])
    with transaction.atomic():
        foreign = _commune_b_objects(world)
        before = _fingerprint()
        response = client.post(url, FOREIGN_ID_CASES[name](foreign), headers={"HX-Request": "true"})
        assert response.status_code in (404, 422), f"{name} with commune B's id: {response.status_code}"
        assert _fingerprint() == before, f"{name} wrote something with commune B's id"
        transaction.set_rollback(True)
    with transaction.atomic():
        own = _commune_a_objects(world)
        response = client.post(url, FOREIGN_ID_CASES[name](own), headers={"HX-Request": "true"})
        assert response.status_code in (200, 204, 302), f"{name} with commune A's own ids: {response.status_code}"
        assert _fingerprint() != before, f"{name} with commune A's own ids wrote nothing"
        transaction.set_rollback(True)


def test_marks_and_weights_for_a_criterion_of_another_commune_are_ignored(world, db):
    from roadmaps.models import Criterion, Mark

    client = _client(world, "referent")
    with transaction.atomic():
        foreign = _commune_b_objects(world)
        criterion_b = foreign["criterion"]
        sheet_url = reverse("roadmaps:sheet-marks", kwargs=world.kwargs["roadmaps:sheet-marks"])
        client.post(sheet_url, {f"criterion_{criterion_b.pk}": "5"})
        assert not Mark.objects.filter(criterion=criterion_b).exists()
        weights_url = reverse("roadmaps:weights-update", kwargs={"slug": "courcelles"})
        own = Criterion.objects.filter(roadmap__commune__slug="courcelles")
        body = {f"weight_{c.pk}": "10" for c in own} | {f"weight_{criterion_b.pk}": "100"}
        client.post(weights_url, body)
        criterion_b.refresh_from_db()
        assert criterion_b.weight == 1
        transaction.set_rollback(True)


@pytest.mark.parametrize(
    ("name", "role", "secret"),
    [
        ("diagnostics:campaign-detail", "staff_a", "open-link token"),
        ("diagnostics:campaign-detail", "staff_a", "respondent e-mail"),
        ("communes:territory-people", "referent", "invitee e-mail"),
    ],
)
def test_secrets_are_shown_to_who_hands_them_out(world, db, name, role, secret):
    """The secret checks in test_permission are not vacuous: the secrets are in the pages of those who may read them."""
    response = _request(world, name, role, "GET")
    assert response.status_code == 200
    assert _secrets(world)[secret][0] in response.content.decode()


# Capabilities: generated from the table ----------------------------------------------------------
# One page per declared capability: a `gate` page is allowed exactly to the roles whose row of
# `communes.capabilities.ROLE_CAPABILITIES` holds the capability (refused: 403 or 404); a `shown` page is
# reached by everyone and asks for the capability to decide what it shows. Either way the request must ask
# for the capability, and every answer it got must be the table's. A declared capability without a page
# here fails `test_every_capability_is_exercised`. (`shown` pages refused to a role for another reason are
# checked against their row of EXPECTED.)

CAPABILITY_PAGES: dict[str, tuple[str, str]] = {
    "communes.read": ("communes:commune-detail", "gate"),
    "communes.read_notes": ("communes:commune-detail", "shown"),
    "communes.edit": ("communes:commune-update", "gate"),
    "communes.manage_accompaniment": ("communes:milestone-create", "gate"),
    "communes.manage_members": ("communes:territory-people", "gate"),
    "communes.read_audit_trail": ("communes:territory-activity", "gate"),
    "diagnostics.read": ("diagnostics:diagnostic-home", "gate"),
    "diagnostics.edit": ("diagnostics:need-create", "gate"),
    "diagnostics.read_interview_notes": ("diagnostics:interview-list", "gate"),
    "diagnostics.decide": ("diagnostics:synthesis-update", "gate"),
    "diagnostics.read_questionnaires": ("diagnostics:questionnaire-detail", "gate"),
    "diagnostics.build_questionnaires": ("diagnostics:questionnaire-create", "gate"),
    "diagnostics.send_questionnaires": ("diagnostics:campaign-create", "gate"),
    "diagnostics.read_results": ("diagnostics:campaign-results", "gate"),
    "diagnostics.export_raw_answers": ("diagnostics:campaign-export@answers", "gate"),
    "diagnostics.see_small_groups": ("diagnostics:campaign-results", "shown"),
    "diagnostics.read_territory_scores": ("diagnostics:territory-scores", "gate"),
    "roadmaps.read": ("roadmaps:roadmap-detail", "gate"),
    "roadmaps.read_drafts": ("roadmaps:sheet-detail", "gate"),
    "roadmaps.edit": ("roadmaps:sheet-update", "gate"),
    "roadmaps.manage": ("roadmaps:weights-update", "gate"),
    "roadmaps.publish": ("roadmaps:roadmap-publish", "gate"),
    "roadmaps.plan": ("roadmaps:plan", "gate"),
    "reports.download": ("reports:report-download@published", "gate"),
    "reports.preview": ("reports:report-preview", "gate"),
    "reports.request": ("reports:report-create", "gate"),
    "reports.read_unpublished": ("reports:report-detail", "gate"),
    "reports.publish": ("reports:report-publish", "gate"),
    "reports.manage_logo": ("reports:territory-logo-update", "gate"),
    "barometer.read": ("barometer:response-detail", "gate"),
    "barometer.fill": ("barometer:response-edit", "gate"),
    "barometer.fill_any_time": ("barometer:response-edit", "shown"),
    "barometer.manage": ("barometer:edition-detail", "gate"),
    "privacy.manage_people": ("privacy:people", "gate"),
    "projects.read": ("projects:project-detail", "gate"),
    "projects.edit": ("projects:part-create", "gate"),
    "projects.manage": ("projects:project-create", "gate"),
    "mutualisation.read": ("mutualisation:commune", "gate"),
    "mutualisation.answer": ("mutualisation:member-answer", "gate"),
    "mutualisation.manage": ("mutualisation:convergences", "gate"),
    "procurement.read": ("procurement:procurement-detail", "gate"),
    "procurement.edit": ("procurement:procurement-update", "gate"),
    "procurement.award": ("procurement:procurement-award", "gate"),
    "procurement.manage_library": ("procurement:library", "gate"),
    "funding.read": ("funding:sheet-funding", "shown"),
    "funding.apply": ("funding:application-create", "gate"),
    "funding.manage": ("funding:call-create", "gate"),
}
# The matrix's roles that hold a row of the table (the others are outside commune A's reach).
TABLE_ROLE = {"staff_a": Role.STAFF, "college_a": Role.COLLEGE, "referent": Role.REFERENT}
ALLOWED = (200, 204, 302)


def test_every_capability_is_exercised():
    from communes.capabilities import check_table, declared

    assert check_table() == []
    untested = sorted(set(declared()) - set(CAPABILITY_PAGES))
    assert not untested, f"capabilities no test exercises (add a page to CAPABILITY_PAGES): {untested}"
    stale = sorted(set(CAPABILITY_PAGES) - set(declared()))
    assert not stale, f"CAPABILITY_PAGES names undeclared capabilities: {stale}"
    assert all(page in EXPECTED for page, _kind in CAPABILITY_PAGES.values())


def _asking(world: World, name: str, role: str) -> tuple[object, list[tuple[str, bool]]]:
    """The outcome of the row's request and every (capability, answer) the request asked for."""
    from unittest import mock

    from communes.capabilities import Rights

    asked: list[tuple[str, bool]] = []
    original = Rights.can

    def can(rights, capability):
        answer = original(rights, capability)
        asked.append((capability, answer))
        return answer

    with mock.patch.object(Rights, "can", can):
        response = _request(world, name, role, EXPECTED[name][0])
    return _outcome(response), asked


@pytest.mark.parametrize(
    ("capability", "role"), [(c, r) for c in sorted(CAPABILITY_PAGES) for r in TABLE_ROLE], ids=lambda v: v
)
def test_capability_follows_the_table(world, db, capability, role):
    from communes.capabilities import ROLE_CAPABILITIES

    name, kind = CAPABILITY_PAGES[capability]
    holds = capability in ROLE_CAPABILITIES[TABLE_ROLE[role]]
    outcome, asked = _asking(world, name, role)
    answers = {answer for asked_for, answer in asked if asked_for == capability}
    if kind == "gate":
        assert outcome in ALLOWED + (403, 404), f"{name} as {role}: {outcome}"
        assert (outcome in ALLOWED) == holds, f"{name} as {role} ({capability}: {holds}): {outcome}"
    else:
        assert outcome == EXPECTED[name][1 + ROLES.index(role)], f"{name} as {role}: {outcome}"
    if kind == "gate" or outcome in ALLOWED:
        assert answers == {holds}, f"{name} as {role} asked {capability}: {answers}, the table says {holds}"


# The API with personal tokens --------------------------------------------------------------------
# Every API row that needs an account, the request carrying a token instead of a session. A token acts as its
# owner and never more: the referent's token gets the referent's column, a token of the other territory's
# referent that referent's column, staff B's token staff B's; a read-only token reads as its owner but is
# refused every write (403); an expired or revoked token is refused everywhere (401).

TOKEN_KINDS = ("referent", "referent_read_only", "other_territory", "staff_b", "expired", "revoked")
TOKEN_OWNER = {"referent": "referent", "referent_read_only": "referent", "other_territory": "other_referent"}
API_TOKEN_ROWS = sorted(key for key, row in EXPECTED.items() if key.startswith("api:") and row[1] == 401)


@pytest.fixture(scope="module")
def api_tokens(world, django_db_blocker) -> dict[str, str]:
    from api.models import ApiToken

    def make(role, scope=TokenScope.WRITE):
        token, text = api_token_create(actor=world.users[role], name=f"{role} {scope}", scope=scope, days=30)
        return token, text

    with django_db_blocker.unblock():
        tokens = {
            "referent": make("referent")[1],
            "referent_read_only": make("referent", TokenScope.READ)[1],
            "other_territory": make("other_referent")[1],
            "staff_b": make("staff_b")[1],
        }
        expired, tokens["expired"] = make("referent")
        ApiToken.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
        revoked, tokens["revoked"] = make("referent")
        ApiToken.objects.filter(pk=revoked.pk).update(revoked_at=timezone.now())
    return tokens


def _token_expected(name: str, kind: str):
    method, *statuses = EXPECTED[name]
    if kind in ("expired", "revoked"):
        return 401
    if kind == "referent_read_only" and method == "POST":
        return 403
    return statuses[ROLES.index(TOKEN_OWNER.get(kind, kind))]


def test_api_rows_with_tokens_are_listed():
    assert "api:indicator-value-create" in API_TOKEN_ROWS and "api:commune-detail" in API_TOKEN_ROWS


@pytest.mark.parametrize(("name", "kind"), [(n, k) for n in API_TOKEN_ROWS for k in TOKEN_KINDS])
def test_api_with_a_token(world, api_tokens, db, name, kind):
    method = EXPECTED[name][0]
    client = Client(headers={"Authorization": f"Bearer {api_tokens[kind]}"})
    url = reverse(url_name(name), kwargs=world.kwargs[name])
    with transaction.atomic():
        response = client.post(url, {}) if method == "POST" else client.get(url)
        transaction.set_rollback(True)
    expected = _token_expected(name, kind)
    assert response.status_code == expected, f"{method} {name} with the {kind} token: got {response.status_code}"
    assert response["Content-Type"].startswith("application/json")
    if expected >= 400:
        assert set(response.json()["error"]) == {"code", "message", "fields"}
    if kind == "referent_read_only" and method == "POST":
        assert response.json()["error"]["code"] == "read_only_token"
