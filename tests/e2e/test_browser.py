"""The app in real headless chromium: upload, verify, check a claim, chat with citations, download a report."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import ROOT, screenshot, wait_idle

pytestmark = pytest.mark.e2e
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
CLAIM = "Ukraine killed almost 13,000 Russian soldiers last month."


def goto(page, url: str, title: str) -> None:
    """Open the app and follow the sidebar link to a page."""
    if not page.url.startswith(url):
        page.goto(url)
        wait_idle(page)
    page.get_by_role("link", name=title, exact=True).click()
    wait_idle(page)
    page.get_by_role(
        "heading", name=title if title != "Chat" else "Chat with the archive"
    ).wait_for()


def click(page, name: str) -> None:
    button = page.get_by_role("button", name=name)
    # While Streamlit reruns, the old element may stand beside the new one for a moment.
    expect(button).to_have_count(1)
    button.click()
    wait_idle(page)


def test_full_journey(page, app_url, tmp_path):
    # Library: upload the seeds and one unsupported file, several at once.
    goto(page, app_url, "Library")
    screenshot(page, "library-empty")
    bad = tmp_path / "scan.pdf"
    bad.write_bytes(b"%PDF-1.4")
    page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(
        [*map(str, SEEDS), str(bad)]
    )
    page.get_by_role("button", name="Ingest uploaded files").wait_for()
    page.wait_for_function("() => !document.querySelector('button:disabled[kind=primary]')")
    click(page, "Ingest uploaded files")
    page.get_by_text(f"{len(SEEDS)} added").wait_for()
    assert page.get_by_text(re.compile(r"scan\.pdf.*unsupported file type")).count() == 1
    click(page, "Extract claims")
    page.get_by_text(re.compile(r"Extracted \d+ claims")).wait_for()
    click(page, "Cross-check all claims")
    page.get_by_text(re.compile(r"Checked \d+ claims")).wait_for()
    assert page.locator("mark").count() > 0  # the article view marks its claims
    screenshot(page, "library")

    # Check a claim: verdict and quotes highlighted in their passages.
    goto(page, app_url, "Check a claim")
    page.get_by_label("Claim to check").fill(CLAIM)
    click(page, "Check claim")
    page.get_by_text("Checked: ").wait_for()
    assert (
        page.get_by_text(re.compile(r"^(corroborated|contradicted|disputed|unverified)$")).count()
        >= 1
    )
    assert page.get_by_text(re.compile(r"Supporting \(\d+\)")).count() == 1
    marks = page.locator("[data-testid='stMain'] mark")
    assert marks.count() >= 1 and "13,000" in " ".join(marks.all_inner_texts())
    screenshot(page, "check")

    # Chat: the answer streams, [1] opens the passage with the quote highlighted, the invention is flagged.
    goto(page, app_url, "Chat")
    box = page.get_by_placeholder("Ask a question about the archive")
    box.fill("How many Russian soldiers did Ukraine kill last month?")
    box.press("Enter")
    wait_idle(page)
    page.get_by_text("not supported: no passage of the archive backs this sentence").wait_for()
    page.get_by_role("button", name="[1]").first.click()
    popover = page.locator("[data-testid='stPopoverBody']")
    popover.wait_for()
    assert "13,000" in popover.locator("mark").first.inner_text()
    screenshot(page, "chat")
    page.keyboard.press("Escape")

    # Claims: the table and the consistency map.
    goto(page, app_url, "Claims")
    page.locator("[data-testid='stGraphVizChart'] svg").first.wait_for()
    screenshot(page, "claims")

    # Reports: generate Markdown and download it.
    goto(page, app_url, "Reports")
    click(page, "Generate report")
    with page.expect_download() as info:
        page.get_by_role("button", name="Download Markdown").click()
    download = info.value
    assert download.suggested_filename == "claimcheck-report.md"
    text = open(download.path(), encoding="utf-8").read()
    assert text.startswith("# Claim-consistency report") and "Summary" in text
    screenshot(page, "reports")


def test_no_page_asks_anything_outside_the_machine(page, app_url):
    outside = []
    page.on(
        "request",
        lambda r: None if r.url.startswith((app_url, "data:", "blob:")) else outside.append(r.url),
    )
    for title in ("Chat", "Check a claim", "Claims", "Library", "Reports"):
        goto(page, app_url, title)
    icon = page.locator("link[rel~='icon']").first.get_attribute("href") or ""
    # the tab icon is a file the app serves, not a :material: icon from fonts.gstatic.com
    assert icon.startswith(("/", "./", app_url)) and "gstatic" not in icon, icon
    assert outside == []
    screenshot(page, "tab-icon")
