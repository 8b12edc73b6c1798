"""Opens the landscape page in headless Chromium and checks that it works.

Run by run_landscape_test.sh (CTest test `landscape_browser`), or directly:

    python3 tests/browser/test_landscape.py --cli build/scoutmatch [--screenshot docs/landscape.png]

Needs Chromium, chromedriver (Debian: chromium, chromium-driver) and selenium (Debian:
python3-selenium, or pip). The driver is given explicitly, so selenium-manager never tries
to download one. The browser runs with host resolution disabled: the page must work offline.
"""

import argparse
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import time
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.path.dirname(os.path.dirname(HERE))


def find(*names):
    for n in names:
        p = shutil.which(n) or (n if os.path.isabs(n) and os.path.exists(n) else None)
        if p:
            return p
    return None


def png_pixels(data):
    """Decodes an 8-bit, non-interlaced RGB or RGBA PNG: (width, height, rows of RGB tuples)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, width = 8, b"", 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, color, _, _, interlace = struct.unpack(">IIBBBBB", body)
            assert depth == 8 and color in (2, 6) and interlace == 0, (depth, color, interlace)
            bpp = 3 if color == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * bpp
    rows, prev, i = [], bytearray(stride), 0
    for _ in range(height):
        f, line = raw[i], bytearray(raw[i + 1:i + 1 + stride])
        i += 1 + stride
        for x in range(stride):
            a = line[x - bpp] if x >= bpp else 0
            b = prev[x]
            c = prev[x - bpp] if x >= bpp else 0
            if f == 1:
                line[x] = (line[x] + a) & 255
            elif f == 2:
                line[x] = (line[x] + b) & 255
            elif f == 3:
                line[x] = (line[x] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append([tuple(line[x:x + 3]) for x in range(0, stride, bpp)])
        prev = line
    return width, height, rows


def make_page(cli, out_dir):
    smx = os.path.join(out_dir, "demo.smx")
    profiles = os.path.join(SOURCE, "data", "demo", "profiles.jsonl")
    subprocess.run([cli, "index", "--profiles", profiles, "--out", smx], check=True,
                   stdout=subprocess.DEVNULL)
    subprocess.run([cli, "landscape", "--index", smx, "--out", out_dir], check=True,
                   stdout=subprocess.DEVNULL)
    return os.path.join(out_dir, "landscape.html"), os.path.join(out_dir, "landscape.json")


def start_browser(chromium, chromedriver, width=1500, height=900):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = chromium
    for a in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
              f"--window-size={width},{height}", "--force-device-scale-factor=1",
              "--host-resolver-rules=MAP * ~NOTFOUND", "--hide-scrollbars"):
        opts.add_argument(a)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service(executable_path=chromedriver), options=opts)


def wait_for(driver, script, timeout=20):
    t0 = time.time()
    while time.time() - t0 < timeout:
        if driver.execute_script(script):
            return
        time.sleep(0.1)
    raise AssertionError("timed out waiting for: " + script)


def visible_count(driver):
    return int(driver.find_element("id", "visible-count").get_attribute("data-count"))


def check_page(driver, html, landscape, screenshot=None):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By

    text = open(html, encoding="utf-8").read()
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", text, re.I), \
        "the page references an external URL"
    driver.get("file://" + html)
    wait_for(driver, "return document.body.dataset.ready === '1'")
    errors = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]
    assert not errors, errors

    n = len(landscape["profiles"])
    topics = landscape["topics"]
    # Topic labels: one filter row per topic, in order, with the labels of landscape.json.
    labels = [e.text for e in driver.find_elements(By.CSS_SELECTOR, "#topic-filters .topic-label")]
    assert labels[:len(topics)] == [t["label"] for t in topics], labels
    assert visible_count(driver) == n

    # The canvas is not blank: many pixels differ from the background, in several colours.
    driver.execute_script("window.landscape.setView('topics')")
    time.sleep(0.3)
    canvas = driver.find_element(By.ID, "map")
    w, h, rows = png_pixels(canvas.screenshot_as_png)
    bg = rows[h - 2][w - 2]
    painted = sum(1 for r in rows for p in r if abs(p[0] - bg[0]) + abs(p[1] - bg[1]) + abs(p[2] - bg[2]) > 30)
    colours = {p for r in rows[::3] for p in r[::3]}
    assert painted > 2000 and len(colours) > 20, (painted, len(colours))

    # A kind filter click hides that kind; the visible count changes accordingly.
    companies = sum(1 for p in landscape["profiles"] if p["kind"] == "company")
    before = driver.find_element(By.ID, "visible-count").text
    driver.find_element(By.CSS_SELECTOR, "input[data-kind=company]").click()
    time.sleep(0.2)
    after = visible_count(driver)
    assert after < n and driver.find_element(By.ID, "visible-count").text != before
    assert after == n - companies, (after, n, companies)
    driver.find_element(By.CSS_SELECTOR, "input[data-kind=company]").click()
    # A topic filter click hides that topic's profiles.
    driver.find_element(By.CSS_SELECTOR, "input[data-topic='0']").click()
    time.sleep(0.2)
    assert visible_count(driver) == n - topics[0]["size"]
    driver.find_element(By.ID, "topics-none").click()
    time.sleep(0.2)
    assert visible_count(driver) == 0
    _, _, rows = png_pixels(canvas.screenshot_as_png)
    painted_none = sum(1 for r in rows for p in r if abs(p[0] - bg[0]) + abs(p[1] - bg[1]) + abs(p[2] - bg[2]) > 30)
    assert painted_none < painted / 10, (painted_none, painted)
    driver.find_element(By.ID, "topics-all").click()
    time.sleep(0.2)
    assert visible_count(driver) == n

    # Search narrows the map and lists hits; clicking a hit fills the side panel.
    search = driver.find_element(By.ID, "search")
    search.send_keys("Wasserstoff")
    time.sleep(0.5)
    hits = driver.find_elements(By.CSS_SELECTOR, "#search-results div")
    assert 0 < visible_count(driver) < n and hits, visible_count(driver)
    hits[0].click()
    time.sleep(0.2)
    panel = driver.find_element(By.ID, "panel-content").text
    assert "Wasserstoff" in panel and "partners" in panel.lower(), panel
    search.clear()
    search.send_keys(" ")
    search.clear()
    driver.execute_script("document.getElementById('search').dispatchEvent(new Event('input'))")
    time.sleep(0.5)
    assert visible_count(driver) == n

    # A real click on a point shows its top partners with explanations.
    i = next(k for k, p in enumerate(landscape["profiles"]) if p["id"] == "swf-c-001")
    x, y = driver.execute_script(f"return window.landscape.screenPos({i})")
    ActionChains(driver).move_to_element_with_offset(
        canvas, int(x - canvas.size["width"] / 2), int(y - canvas.size["height"] / 2)).click().perform()
    time.sleep(0.3)
    panel = driver.find_element(By.ID, "panel-content").text
    assert "top 5 partners" in panel.lower() and "shared:" in panel, panel
    # A topic name opens the topic in the panel with its leaders.
    driver.find_elements(By.CSS_SELECTOR, "#topic-filters .topic-label")[0].click()
    time.sleep(0.2)
    panel = driver.find_element(By.ID, "panel-content").text
    assert topics[0]["label"] in panel and "strongest companies" in panel.lower(), panel

    errors = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]
    assert not errors, errors
    if screenshot:
        driver.execute_script(f"window.landscape.setView('topics'); window.landscape.select({i}, false)")
        time.sleep(0.3)
        driver.save_screenshot(screenshot)


def run(cli, screenshot=None, geo_screenshot=None):
    chromium = find("chromium", "chromium-browser", "google-chrome")
    chromedriver = find("/usr/bin/chromedriver", "chromedriver")
    if not chromium or not chromedriver:
        raise RuntimeError("Chromium or chromedriver not found")
    with tempfile.TemporaryDirectory() as tmp:
        html, js = make_page(cli, tmp)
        landscape = json.load(open(js, encoding="utf-8"))
        driver = start_browser(chromium, chromedriver)
        try:
            check_page(driver, html, landscape, screenshot)
            if geo_screenshot:
                driver.execute_script("window.landscape.setView('geo')")
                time.sleep(0.3)
                driver.save_screenshot(geo_screenshot)
        finally:
            driver.quit()


def test_landscape_page():
    import pytest

    cli = os.environ.get("SCOUTMATCH_CLI")
    if not cli:
        pytest.skip("set SCOUTMATCH_CLI to the scoutmatch program")
    if not find("chromium", "chromium-browser", "google-chrome") or not find("/usr/bin/chromedriver", "chromedriver"):
        pytest.skip("Chromium or chromedriver is not installed")
    run(cli)


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--cli", required=True, help="the scoutmatch program")
    ap.add_argument("--screenshot", help="save a screenshot of the topic view here")
    ap.add_argument("--geo-screenshot", help="save a screenshot of the geographic view here")
    a = ap.parse_args()
    run(os.path.abspath(a.cli), a.screenshot, a.geo_screenshot)
    print("landscape page OK in headless Chromium")


if __name__ == "__main__":
    sys.exit(main())
