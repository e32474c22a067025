"""Start `streamlit run app.py` on 127.0.0.1 with the fake model, and a headless Debian chromium."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.e2e.helpers import ROOT

CHROMIUM = Path("/usr/bin/chromium")
CHAT_TEXT = (
    "Ukraine killed almost 13,000 Russian soldiers last month [1]. The moon is made of cheese."
)
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_healthy(url: str, proc: subprocess.Popen, seconds: float = 90) -> None:
    """Poll /_stcore/health until it answers ok (or the server dies)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.read().decode().strip() == "ok":
                    return
        except OSError:
            pass
        time.sleep(0.5)
    raise TimeoutError(f"{url} did not become healthy in {seconds} s")


def start_app(tmp: Path, env_extra: dict[str, str]):
    """A streamlit server process on a free port; returns (process, url, log path)."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLAIMCHECK_")}
    env.update(
        HF_HUB_OFFLINE="1",
        ANONYMIZED_TELEMETRY="False",
        CLAIMCHECK_DATA_DIR=str(tmp / "data"),
        **env_extra,
    )
    log = tmp / "streamlit.log"
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "app.py",
            "--server.headless=true",
            "--server.address=127.0.0.1",
            f"--server.port={port}",
            "--browser.gatherUsageStats=false",
            "--server.fileWatcherType=none",
        ],
        cwd=ROOT,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, proc)
    except Exception:
        proc.terminate()
        raise RuntimeError(f"the app did not start:\n{log.read_text()[-3000:]}") from None
    return proc, url, log


@pytest.fixture(scope="module")
def app_url(tmp_path_factory):
    """The app with the fake model (one scripted chat answer), fake stance classifier, hash embedder."""
    if not CHROMIUM.exists():
        pytest.skip("Debian chromium is not installed (apt-get install chromium)")
    tmp = tmp_path_factory.mktemp("e2e")
    script = tmp / "fake-script.json"
    script.write_text(json.dumps({"structured": [], "texts": [CHAT_TEXT]}), encoding="utf-8")
    proc, url, _ = start_app(
        tmp,
        {
            "CLAIMCHECK_LLM": "fake",
            "CLAIMCHECK_EMBEDDER": "hash",
            # The classifier path with the packaged fake: the trained one has its own real tests.
            "CLAIMCHECK_STANCE_CLASSIFIER": "fake",
            "CLAIMCHECK_STANCE_MODEL": str(tmp / "no-stance-model"),
            "CLAIMCHECK_FAKE_SCRIPT": str(script),
        },
    )
    yield url
    proc.terminate()
    proc.wait(timeout=20)


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip("Debian chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(60_000)
    yield page
    context.close()
