"""Browser journeys: Playwright driving Debian's Chromium against the test server.

A journey is a list of named steps; each step leaves a screenshot under var/screenshots/, runs axe-core
on the page and fails on serious or critical violations, naming the step.
"""

import json
import os
import re
import shutil
from pathlib import Path

import pytest
from django.conf import settings

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
SCREENSHOTS = settings.BASE_DIR / "var" / "screenshots"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_URL = settings.STATIC_URL + "vendor/axe-core-4.11.0/axe.min.js"

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make between steps
# are plain synchronous code, which Django must be told is fine.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is missing at {CHROMIUM}; .ci/run installs Debian's chromium package.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-dev-shm-usage"],
        )
        yield browser
        browser.close()


class Journey:
    def __init__(self, browser, base_url: str, name: str):
        self.base_url = base_url
        self.name = re.sub(r"[^a-z0-9_-]+", "-", name.lower())
        self.context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-BE")
        self.page = self.context.new_page()
        self.page.set_default_timeout(10_000)
        self.console_errors: list[str] = []
        self.page.on("console", lambda msg: msg.type == "error" and self.console_errors.append(msg.text))
        self.count = 0
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def goto(self, path: str):
        return self.page.goto(self.base_url + path)

    def step(self, title: str, *, expect_http_error: bool = False) -> None:
        """Close a step: screenshot, accessibility check, no CSP or script errors.

        `expect_http_error` is for steps that show an error page on purpose (404, 403).
        """
        self.count += 1
        slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
        shot = SCREENSHOTS / f"{self.name}-{self.count:02d}-{slug}.png"
        self.page.wait_for_load_state("networkidle")
        self.page.screenshot(path=str(shot), full_page=True)
        self.page.add_script_tag(url=self.base_url + AXE_URL)
        result = self.page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS)
        serious = [v for v in result["violations"] if v["impact"] in ("serious", "critical")]
        details = json.dumps(
            [{"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]} for v in serious],
            indent=1,
        )
        assert not serious, f"step {self.count} “{title}”: accessibility violations (see {shot}):\n{details}"
        errors = [
            e for e in self.console_errors if not (expect_http_error and "the server responded with a status" in e)
        ]
        self.console_errors.clear()
        assert not errors, f"step {self.count} “{title}”: browser console errors (see {shot}): {errors}"

    def close(self):
        self.context.close()


@pytest.fixture
def journey(browser, live_server, request):
    j = Journey(browser, live_server.url, request.node.name)
    yield j
    j.close()


def login(journey: Journey, username: str, password: str) -> None:
    journey.goto("/accounts/login/")
    journey.page.fill("#id_username", username)
    journey.page.fill("#id_password", password)
    journey.page.click("form.card button[type=submit]")
    journey.page.wait_for_load_state()
