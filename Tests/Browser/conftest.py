"""Fixtures for the console's browser tests: a headless Debian chromium driven by Selenium, a `Console` that knows
the console's markup conventions (forms by field name, buttons by their Chinese label, dialogs, toasts), an admin
`Api` client for setting up data the test is not about, and screenshots saved for people to look at.

Environment: METROLOGY_CONSOLE_URL (gateway), METROLOGY_ADMIN_PASSWORD, METROLOGY_TEST_BIN (mobile-client)."""
import json
import os
import pathlib
import re
import secrets
import time
import urllib.error
import urllib.request

import pytest
from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException, TimeoutException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

SCREENSHOTS = pathlib.Path(__file__).parent / "screenshots"
WAIT_SECONDS = 15
# A screen redrawn while a wait looks at it: an element gone stale is looked for again (and counts as gone).
RETRY_ON = (StaleElementReferenceException,)


RAW_CODE = re.compile(r"\b[A-Z][A-Z0-9]+(?:_[A-Z0-9]+)+\b")


def raw_codes(text):
    """Stable reason codes such as IDENTITY_BAD_CREDENTIALS found in text a person reads (there should be none:
    the console shows the Chinese message and keeps the code in a tooltip)."""
    return RAW_CODE.findall(text)


def until(condition, timeout=10):
    """Waits for something the API reports (the UI answered before the check ran); returns its last value."""
    deadline = time.time() + timeout
    while True:
        value = condition()
        if value or time.time() > deadline:
            return value
        time.sleep(0.2)


def xpath_literal(text):
    """An XPath string literal for any text (XPath 1.0 has no escapes)."""
    if "'" not in text:
        return f"'{text}'"
    if '"' not in text:
        return f'"{text}"'
    return "concat(" + ", \"'\", ".join(f"'{part}'" for part in text.split("'")) + ")"


class Api:
    """The gateway's JSON API, for arranging what a test needs and checking what the console did."""

    def __init__(self, base_url, token=None):
        self.base_url = base_url
        self.token = token

    def call(self, method, path, body=None, expect_error=False):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.base_url + path, data=data, method=method)
        request.add_header("Accept", "application/json")
        if data is not None:
            request.add_header("Content-Type", "application/json")
        if self.token:
            request.add_header("Authorization", f"Bearer {self.token}")
        if method != "GET":
            request.add_header("Idempotency-Key", secrets.token_hex(16))
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                raw = response.read()
                status = response.status
        except urllib.error.HTTPError as error:
            raw, status = error.read(), error.code
            if not expect_error:
                raise AssertionError(f"{method} {path} → {status}: {raw.decode(errors='replace')}") from None
        result = json.loads(raw) if raw else None
        return (status, result) if expect_error else result

    def get(self, path):
        return self.call("GET", path)

    def post(self, path, body=None):
        return self.call("POST", path, body or {})

    def put(self, path, body):
        return self.call("PUT", path, body)

    def patch(self, path, body):
        return self.call("PATCH", path, body)

    def login(self, username, password):
        tokens = self.call("POST", "/v1/auth/login", {"username": username, "password": password})
        return Api(self.base_url, tokens["accessToken"])


class Console:
    """The console in the browser, addressed the way a person sees it."""

    def __init__(self, driver, base_url):
        self.driver = driver
        self.base_url = base_url

    # --- navigation -------------------------------------------------------------------------------------------
    def open(self, path="/"):
        self.driver.get(f"{self.base_url}/console/#{path}")

    def login(self, username, password):
        self.open("/")
        form = self.wait("[data-testid=login-form]")
        self.fill("username", username, within=form)
        self.fill("password", password, within=form)
        self.click_button("登录", within=form)
        self.wait("[data-testid=current-user]")

    def logout(self):
        self.click_button("退出")
        self.wait("[data-testid=login-form]")

    def menu_titles(self):
        return [link.text for link in self.driver.find_elements(By.CSS_SELECTOR, "nav a")]

    def go(self, menu_title):
        """Opens a screen from the menu by its title."""
        self.driver.find_element(By.XPATH, f"//nav//a[normalize-space()={xpath_literal(menu_title)}]").click()

    # --- finding --------------------------------------------------------------------------------------------------
    def wait(self, css, timeout=WAIT_SECONDS, within=None):
        """The first visible element matching `css` (waits for it)."""
        root = within or self.driver
        def visible(_):
            for element in root.find_elements(By.CSS_SELECTOR, css):
                if element.is_displayed():
                    return element
            return False
        try:
            return WebDriverWait(self.driver, timeout, ignored_exceptions=RETRY_ON).until(visible)
        except TimeoutException:
            raise AssertionError(f"nothing visible matches {css!r} within {timeout}s") from None

    def wait_gone(self, css, timeout=WAIT_SECONDS):
        WebDriverWait(self.driver, timeout, ignored_exceptions=RETRY_ON).until_not(
            lambda d: any(e.is_displayed() for e in d.find_elements(By.CSS_SELECTOR, css)))

    def wait_text(self, text, css="body", timeout=WAIT_SECONDS):
        """Waits until an element matching `css` contains `text`; returns that element."""
        def found(driver):
            for element in driver.find_elements(By.CSS_SELECTOR, css):
                if text in element.text:
                    return element
            return False
        try:
            return WebDriverWait(self.driver, timeout, ignored_exceptions=RETRY_ON).until(found)
        except TimeoutException:
            raise AssertionError(f"{text!r} did not appear in {css!r} within {timeout}s") from None

    def button(self, label, within=None):
        root = within or self.driver
        expression = f".//button[normalize-space()={xpath_literal(label)}]"
        def clickable(_):
            for element in root.find_elements(By.XPATH, expression):
                if element.is_displayed() and element.is_enabled():
                    return element
            return False
        try:
            return WebDriverWait(self.driver, WAIT_SECONDS, ignored_exceptions=RETRY_ON).until(clickable)
        except TimeoutException:
            raise AssertionError(f"no enabled button {label!r} within {WAIT_SECONDS}s") from None

    def click_button(self, label, within=None):
        self.button(label, within).click()

    def row(self, text, table_css="table.grid"):
        """The table row that contains `text` (waits for it)."""
        return self.wait_text(text, css=f"{table_css} tbody tr")

    # --- forms ----------------------------------------------------------------------------------------------------
    def field(self, name, within=None):
        root = within or self.driver
        return WebDriverWait(self.driver, WAIT_SECONDS, ignored_exceptions=RETRY_ON).until(
            lambda _: next((e for e in root.find_elements(By.CSS_SELECTOR, f"[name={json.dumps(name)}]") if e.is_displayed()), False))

    def fill(self, name, value, within=None):
        element = self.field(name, within)
        if element.tag_name == "select":
            select = Select(element)
            try:
                select.select_by_value(value)
            except Exception:
                select.select_by_visible_text(value)
        else:
            element.clear()
            element.send_keys(value)
        return element

    def check(self, field_name, value, within=None, checked=True):
        """Ticks (or unticks) the checkbox with `value` in the checkbox group `field_name`."""
        root = within or self.driver
        box = root.find_element(By.CSS_SELECTOR, f"[data-name={json.dumps(field_name)}] input[value={json.dumps(value)}]")
        if box.is_selected() != checked:
            box.click()

    def field_error(self, name, within=None):
        """The message shown next to a form field (waits until there is one)."""
        root = within or self.driver
        css = f"[data-error-for={json.dumps(name)}]"
        try:
            return WebDriverWait(self.driver, WAIT_SECONDS, ignored_exceptions=RETRY_ON).until(
                lambda _: next((e.text for e in root.find_elements(By.CSS_SELECTOR, css) if e.text.strip()), False))
        except TimeoutException:
            raise AssertionError(f"no message next to field {name!r} within {WAIT_SECONDS}s") from None

    # --- dialogs and messages ---------------------------------------------------------------------------------------
    def dialog(self):
        return self.wait("dialog[open]")

    def confirm(self, reason=None, note=None):
        """Answers the open confirmation dialog: picks a reason and note if asked, then presses its confirm button."""
        dialog = self.dialog()
        if reason is not None:
            self.fill("reason", reason, within=dialog)
        if note is not None:
            self.fill("note", note, within=dialog)
        dialog.find_element(By.CSS_SELECTOR, "button.confirm").click()
        self.wait_gone("dialog[open]")

    def toast(self, text=None):
        """Waits for a toast (containing `text` if given) and returns its text."""
        return (self.wait_text(text, css=".toast") if text else self.wait(".toast")).text

    def screenshot(self, name):
        SCREENSHOTS.mkdir(exist_ok=True)
        self.driver.save_screenshot(str(SCREENSHOTS / f"{name}.png"))

    def javascript_errors(self):
        """Errors the page logged, except refused API calls (a 4xx answer is logged by chromium but is expected)."""
        errors = []
        for entry in self.driver.get_log("browser"):
            if entry["level"] != "SEVERE":
                continue
            if "Failed to load resource" in entry["message"] and "status of 4" in entry["message"]:
                continue
            errors.append(entry["message"])
        return errors


@pytest.fixture(scope="session")
def base_url():
    return os.environ.get("METROLOGY_CONSOLE_URL", "http://127.0.0.1:8080").rstrip("/")


@pytest.fixture(scope="session")
def admin_password():
    password = os.environ.get("METROLOGY_ADMIN_PASSWORD")
    if not password:
        pytest.fail("METROLOGY_ADMIN_PASSWORD is not set")
    return password


@pytest.fixture(scope="session")
def api(base_url, admin_password):
    """The administrator's API client."""
    return Api(base_url).login("admin", admin_password)


@pytest.fixture(scope="session")
def driver():
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1440,960",
                     "--lang=zh-CN", "--force-device-scale-factor=1"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    browser = webdriver.Chrome(options=options, service=Service("/usr/bin/chromedriver"))
    browser.set_page_load_timeout(30)
    yield browser
    browser.quit()


@pytest.fixture
def console(driver, base_url, request):
    """A console with nobody signed in; fails the test if the page logged a JavaScript error."""
    console = Console(driver, base_url)
    driver.get("about:blank")
    # Cleared on a page of the same origin that runs no console script: a console page still signing in (its
    # /v1/me answer arriving late) would write the session back after the clear.
    driver.get(f"{base_url}/healthz")
    driver.execute_script("sessionStorage.clear()")
    driver.get("about:blank")
    driver.get_log("browser")   # drop what earlier tests left
    console.open("/")
    yield console
    errors = console.javascript_errors()
    assert not errors, f"JavaScript errors in the console: {errors}"


@pytest.fixture
def admin_console(console, admin_password):
    console.login("admin", admin_password)
    return console


@pytest.fixture
def unique():
    """A short random suffix, so tests can run again on the same data and in any order."""
    return secrets.token_hex(3)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """A failing test leaves a screenshot of what the browser showed: screenshots/FAILED-<test>.png."""
    outcome = yield
    report = outcome.get_result()
    if report.when == "call" and report.failed and "driver" in item.fixturenames:
        try:
            Console(item.funcargs["driver"], "").screenshot(f"FAILED-{item.name}")
        except Exception:
            pass


@pytest.fixture
def pending_device(base_url, admin_password, tmp_path, unique):
    """Signs in from a new phone with the real `mobile-client` (it makes its own P-256 key), which leaves the phone
    waiting for authorization. Returns {imei, name, state} for the device."""
    import subprocess
    binary = pathlib.Path(os.environ.get("METROLOGY_TEST_BIN", "")) / "mobile-client"
    if not binary.exists():
        pytest.fail(f"mobile-client not found at {binary} (set METROLOGY_TEST_BIN)")
    name = f"测试手机{unique}"
    result = subprocess.run(
        [str(binary), "login", "--gateway", base_url, "--state", str(tmp_path / "phone"), "--user", "admin",
         "--password", admin_password, "--name", name, "--model", "Browser-Test"],
        capture_output=True, text=True, timeout=60)
    assert result.returncode == 3, f"expected the phone to wait for authorization (exit 3): {result.stdout} {result.stderr}"
    answer = json.loads(result.stdout)
    return {"imei": answer["imei"], "name": name, "state": str(tmp_path / "phone")}
