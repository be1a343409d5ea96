"""Helpers for the phone app's browser tests (test_mobile*.py): a Chromium per phone (its own profile, so its own
IndexedDB device key), in mobile emulation — a 360 × 780 viewport with touch and an Android user agent — with a
DevTools WebAuthn virtual authenticator standing in for the fingerprint sensor, and a `MobileApp` that addresses the
app the way a person sees it. Screenshots go to Docs/mobile/ (phone size)."""
import pathlib
import shutil
import tempfile
import time

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains
from selenium.common.exceptions import ElementNotInteractableException, StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.common.virtual_authenticator import Protocol, Transport, VirtualAuthenticatorOptions

from conftest import Console

DOCS = pathlib.Path(__file__).resolve().parents[2] / "Docs" / "mobile"
PHONE = {"width": 360, "height": 780, "pixelRatio": 2.0, "touch": True}
USER_AGENT = ("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
              "Chrome/156.0.0.0 Mobile Safari/537.36")


def phone_driver(user_verified=True):
    """A headless Chromium emulating a phone, with a platform authenticator that verifies the user (or not)."""
    profile = tempfile.mkdtemp(prefix="metrology-phone-")
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--lang=zh-CN",
                     f"--user-data-dir={profile}"):
        options.add_argument(argument)
    options.add_experimental_option("mobileEmulation", {"deviceMetrics": PHONE, "userAgent": USER_AGENT})
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service("/usr/bin/chromedriver"))
    driver.set_page_load_timeout(30)
    driver.profile_dir = profile
    driver.add_virtual_authenticator(VirtualAuthenticatorOptions(
        protocol=Protocol.CTAP2, transport=Transport.INTERNAL, has_resident_key=False, has_user_verification=True,
        is_user_consenting=True, is_user_verified=user_verified))
    return driver


def close_phone(driver):
    driver.quit()
    shutil.rmtree(getattr(driver, "profile_dir", ""), ignore_errors=True)


class MobileApp(Console):
    """The app at /m/ on one phone. `base_url` must be http://localhost:PORT: WebAuthn's relying party is localhost."""

    def open(self, path="/"):
        self.driver.get(f"{self.base_url}/m/#{path}")

    def login(self, username, password):
        self.open("/login")
        form = self.wait("[data-testid=login-form]")
        self.fill("username", username, within=form)
        self.fill("password", password, within=form)
        self.click_button("登录", within=form)

    def tap(self, css_or_element):
        """Clicks an element after scrolling it to the middle of the screen (the fixed tab bar covers the bottom)."""
        element = self.wait(css_or_element) if isinstance(css_or_element, str) else css_or_element
        self.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
        element.click()
        return element

    def offline(self, offline=True):
        self.driver.execute_cdp_cmd("Network.enable", {})
        self.driver.execute_cdp_cmd("Network.emulateNetworkConditions", {
            "offline": offline, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1})

    def wait_for_service_worker(self, timeout=15):
        """Until the app's service worker controls the page (the shell is cached for offline use)."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.driver.execute_script("return Boolean(navigator.serviceWorker && navigator.serviceWorker.controller)"):
                return
            time.sleep(0.3)
        raise AssertionError("the service worker did not take control of the page")

    def draw_signature(self):
        pad = self.wait("[data-testid=signature-pad]")
        actions = ActionChains(self.driver)
        actions.move_to_element_with_offset(pad, -100, 0).click_and_hold()
        for dx, dy in ((30, -20), (30, 25), (30, -25), (30, 20), (30, -15)):
            actions.move_by_offset(dx, dy)
        actions.release().perform()

    def sign(self, screenshot=None):
        """Writes a signature on the open signing sheet and confirms it (the virtual authenticator answers)."""
        self.wait("[data-testid=sign-dialog]")
        self.draw_signature()
        if screenshot:
            self.screenshot(screenshot)
        self.tap("[data-testid=sign-confirm]")

    def screenshot(self, name):
        DOCS.mkdir(parents=True, exist_ok=True)
        self.driver.save_screenshot(str(DOCS / f"{name}.png"))

    def enter_step(self, value):
        """Types `value` into the current step and confirms it; returns the cell key (code|point|run) it went to.
        The screen redraws when a sync finishes: a form gone stale before the click is looked for again."""
        for attempt in range(5):
            try:
                return self._enter_step(value)
            except (StaleElementReferenceException, ElementNotInteractableException):
                time.sleep(0.2)
        raise AssertionError("the entry form kept being redrawn")

    def _enter_step(self, value):
        form = self.wait("[data-testid=entry-form]")
        cell = form.get_attribute("data-cell")
        field = form.find_element(By.CSS_SELECTOR, "[data-testid=entry-input]")
        if field.get_attribute("type") == "date" or field.tag_name == "select":
            self.driver.execute_script("arguments[0].value = arguments[1]", field, value)
        else:
            field.clear()
            field.send_keys(value)
        self.tap(form.find_element(By.CSS_SELECTOR, "[data-testid=entry-submit]"))
        # The next step (or the end) is drawn.
        deadline = time.time() + 15
        while time.time() < deadline:
            forms = self.driver.find_elements(By.CSS_SELECTOR, "[data-testid=entry-form]")
            try:
                if not forms or forms[0].get_attribute("data-cell") != cell:
                    return cell
            except Exception:
                pass
            time.sleep(0.1)
        raise AssertionError(f"the app stayed on step {cell}")

    def attribute(self, css, name):
        """An attribute of the first visible element matching `css`, looked for again when a redraw made it stale."""
        for attempt in range(10):
            try:
                return self.wait(css).get_attribute(name)
            except StaleElementReferenceException:
                time.sleep(0.2)
        raise AssertionError(f"{css} kept being redrawn")

    def current_step(self):
        for attempt in range(5):
            try:
                forms = self.driver.find_elements(By.CSS_SELECTOR, "[data-testid=entry-form]")
                return forms[0].get_attribute("data-cell") if forms else None
            except StaleElementReferenceException:
                time.sleep(0.2)
        raise AssertionError("the entry form kept being redrawn")
