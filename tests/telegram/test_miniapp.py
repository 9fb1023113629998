"""The consultant's Mini App in a real headless browser (Debian's chromium and its driver), served by the bot's
webhook server: the table and its sorting, a client's page, the PDF download, refused `initData`, a revoke."""

from __future__ import annotations

import asyncio
import json
import os
import socket
import time
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest
from fake_api import TOKEN
from portfolios import portfolio_of

from bot.app import sharing
from bot.i18n.unicode import isolated
from bot.render.miniapp import HEADER
from bot.telegram.init_data import sign

pytest_plugins = ["bot_fixtures"]

CHROMIUM, DRIVER = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")
pytestmark = pytest.mark.skipif(not (CHROMIUM.exists() and DRIVER.exists()),
                                reason="Debian's chromium and chromium-driver are missing (.ci/run installs them)")
THEME = {"bg_color": "#17212b", "text_color": "#f5f5f5", "hint_color": "#708499", "link_color": "#6ab3f3",
         "button_color": "#5288c1", "button_text_color": "#ffffff", "secondary_bg_color": "#232e3c"}
# Set to a path to keep a picture of the Mini App at phone width (as README's docs/miniapp.png was made).
SCREENSHOT = os.environ.get("MINIAPP_SCREENSHOT")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def init_data(user_id: int, signed_at: float, token: str = TOKEN) -> str:
    """What Telegram hands the Mini App when the user opens it, signed for the bot with `token`."""
    user = json.dumps({"id": user_id, "first_name": "Claire", "language_code": "fr"}, separators=(",", ":"))
    return sign({"user": user, "auth_date": str(int(signed_at)), "query_id": "AAH"}, token)


def browser(downloads: Path):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"):
        options.add_argument(flag)
    options.add_experimental_option("mobileEmulation", {"deviceMetrics": {"width": 360, "height": 740,
                                                                          "pixelRatio": 2}})
    options.add_experimental_option("prefs", {"download.default_directory": str(downloads),
                                              "download.prompt_for_download": False})
    return webdriver.Chrome(options=options, service=Service(str(DRIVER)))


async def until(check, timeout: float = 20):
    """Wait, without blocking the bot's event loop, until `check()` (run on a thread) is truthy; its value."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = await asyncio.to_thread(check)
        if value:
            return value
        await asyncio.sleep(0.1)
    raise AssertionError("the page did not get there in time")


def downloaded(folder: Path, pattern: str) -> list[Path]:
    """The files matching `pattern` once the browser has finished writing them: Chrome reserves a download's
    name with an empty file at its start, and writes it under a `.crdownload` name meanwhile."""
    if any(folder.glob("*.crdownload")):
        return []
    return [path for path in folder.glob(pattern) if path.stat().st_size]


@pytest.fixture
def served(launch, tmp_path):
    """The bot serving its webhook and the Mini App on a free port, a consultant with eight clients, a browser."""
    from contextlib import asynccontextmanager

    @asynccontextmanager
    async def served(clock):
        port = free_port()
        async with launch(clock=clock, webhook_url=f"http://127.0.0.1:{port}/telegram/hook",
                          webhook_secret="s3cret", listen="127.0.0.1", port=port) as bot:
            consultant = bot.user("fr", first_name=isolated("Claire"))
            kinds = portfolio_of(bot.services, clock, consultant.id, 8)
            driver = await asyncio.to_thread(browser, tmp_path)
            try:
                yield bot, f"http://127.0.0.1:{port}/app/", consultant, kinds, driver
            finally:
                await asyncio.to_thread(driver.quit)

    return served


def rows(driver) -> list[str]:
    """The first cell of each row of the clients' table, as shown."""
    return driver.execute_script(
        "return [...document.querySelectorAll('#clients tbody tr')].map(row => row.cells[0].innerText)")


async def test_the_consultant_s_mini_app_in_a_browser(served, clock, tmp_path):
    from selenium.webdriver.common.by import By

    async with served(clock) as (bot, url, consultant, kinds, driver):
        signed = init_data(consultant.id, clock.now.timestamp())
        opened = f"{url}#tgWebAppData={quote(signed)}&tgWebAppThemeParams={quote(json.dumps(THEME))}"
        await asyncio.to_thread(driver.get, opened)
        names = await until(lambda: len(rows(driver)) == 8 and rows(driver))
        assert names[0].startswith(isolated("Client 01"))  # the overdue decision first
        background = await asyncio.to_thread(
            driver.execute_script, "return getComputedStyle(document.body).backgroundColor")
        assert background == "rgb(23, 33, 43)"  # Telegram's theme colour
        widths = await asyncio.to_thread(driver.execute_script, "return [window.innerWidth, "
                                         "document.documentElement.scrollWidth, document.querySelector('.scroll')"
                                         ".scrollWidth, document.querySelector('.scroll').clientWidth]")
        assert widths[:2] == [360, 360] and widths[2] <= widths[3]  # nothing scrolls sideways on a phone
        labels = await asyncio.to_thread(driver.execute_script, "return [...document.querySelector("
                                         "'#clients tbody tr').cells].map(cell => getComputedStyle(cell, "
                                         "'::before').content)")
        assert '"Conseil"' in labels and '"Rappels sans réponse"' in labels  # each figure labelled on its card
        if SCREENSHOT:
            await asyncio.to_thread(driver.save_screenshot, SCREENSHOT)

        heading = await asyncio.to_thread(driver.find_element, By.CSS_SELECTOR, "#clients th[data-col='0']")
        await asyncio.to_thread(heading.click)
        assert await asyncio.to_thread(rows, driver) == sorted(names)
        await asyncio.to_thread(heading.click)
        assert await asyncio.to_thread(rows, driver) == sorted(names, reverse=True)

        link = await asyncio.to_thread(driver.find_element, By.PARTIAL_LINK_TEXT, "Client 04")
        await asyncio.to_thread(link.click)
        await until(lambda: "Client 04" in driver.execute_script("return document.querySelector('h1').innerText"))
        checkins = await asyncio.to_thread(driver.execute_script,
                                           "return document.querySelectorAll('table tbody tr').length")
        assert checkins == 6  # the "due" client's six check-ins
        await until(lambda: driver.execute_script(
            "const i = document.querySelector('img.chart'); return i && i.complete && i.naturalWidth > 0"))
        pdf = await asyncio.to_thread(driver.find_element, By.CSS_SELECTOR, "a[data-file$='follow-up.pdf']")
        await asyncio.to_thread(pdf.click)
        [saved] = await until(lambda: downloaded(tmp_path, "*.pdf"))
        assert saved.read_bytes().startswith(b"%PDF")

        revoked = next(owner for owner, kind in kinds.items() if kind == "quiet")
        sharing.revoke(bot.services, revoked, consultant.id)
        await asyncio.to_thread(driver.get, "about:blank")
        await asyncio.to_thread(driver.get, opened)
        names = await until(lambda: len(rows(driver)) == 7 and rows(driver))
        assert not any(name.startswith(isolated("Client 02")) for name in names)

        forged = signed.replace("Claire", "Clara")
        await asyncio.to_thread(driver.get, "about:blank")
        await asyncio.to_thread(driver.get, f"{url}#tgWebAppData={quote(forged)}")
        assert await until(lambda: driver.execute_script("return document.getElementById('view').dataset.status")) \
            == "401"


async def test_only_telegram_s_fresh_signature_for_this_bot_opens_it(launch, clock):
    port = free_port()
    async with launch(clock=clock, webhook_url=f"http://127.0.0.1:{port}/telegram/hook", webhook_secret="s3cret",
                      listen="127.0.0.1", port=port) as bot:
        consultant = bot.user("fr", first_name=isolated("Claire"))
        kinds = portfolio_of(bot.services, clock, consultant.id, 2)
        now = clock.now.timestamp()
        good = init_data(consultant.id, now)
        refused = {
            "none": "",
            "forged": good.replace("Claire", "Clara"),
            "expired": init_data(consultant.id, now - 2 * 3600),
            "other bot": init_data(consultant.id, now, token="987654321:AAOtherBotsTokenForTests_abc"),
        }
        base = f"http://127.0.0.1:{port}/app/"
        async with httpx.AsyncClient() as client:
            answer = await client.get(base + "clients", headers={HEADER: good})
            assert answer.status_code == 200 and "Client 01" in answer.text
            for name, data in refused.items():
                answer = await client.get(base + "clients", headers={HEADER: data})
                assert answer.status_code == 401, name
                assert "Client 01" not in answer.text
            answer = await client.get(base + "checkins.csv", params={"init": good})
            assert answer.status_code == 200 and answer.content.startswith("\ufeff".encode())
            answer = await client.get(base + "checkins.csv", params={"init": refused["expired"]})
            assert answer.status_code == 401
            stranger = init_data(consultant.id + 1, now)  # signed, but nobody shares with them
            answer = await client.get(base + "clients", headers={HEADER: stranger})
            assert answer.status_code == 200 and "Client 01" not in answer.text
            owner = next(iter(kinds))
            sharing.revoke(bot.services, owner, consultant.id)
            answer = await client.get(base + "clients", headers={HEADER: good})
            assert "Client 01" not in answer.text and "Client 02" in answer.text

            # /clients, posted to the webhook as Telegram would: the Mini App goes on her menu button.
            update = {"update_id": 900, **consultant.message_update("/clients")}
            posted = await client.post(f"http://127.0.0.1:{port}/telegram/hook", json=update,
                                       headers={"X-Telegram-Bot-Api-Secret-Token": "s3cret"})
            assert posted.status_code == 200
            button = await until(lambda: bot.fake.api.menu_buttons.get(consultant.id))
            assert button["type"] == "web_app" and button["web_app"]["url"] == base
            again = {"update_id": 901, **consultant.message_update("/clients")}
            await client.post(f"http://127.0.0.1:{port}/telegram/hook", json=again,
                              headers={"X-Telegram-Bot-Api-Secret-Token": "s3cret"})
            await bot.processed.wait(again)
            assert len(bot.fake.requests("setChatMenuButton")) == 1  # her chat's memory says it is there

