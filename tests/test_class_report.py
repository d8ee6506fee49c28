"""`autograder report`: on a generated class with planted bugs of known kinds, the counts are the planted ones,
in English and in Chinese alike; the HTML is one self-contained file that headless Chromium renders.

The class (tests/planted_class.py) is graded once, as `autograder grade-batch --json` writes it; the report reads
that JSON, as a lecturer's would. A folder of raw submissions is graded by the report itself.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from autograder.catalog import load_catalog
from autograder.classroom.batch import grade_batch
from autograder.classroom.class_report import build_report, read_class
from autograder.hints import hint_for
from planted_class import write_class

BIN = Path(sys.executable).parent
CATALOG = load_catalog()
EXERCISES = ["affine", "softmax", "softmax_with_loss"]
STUDENTS = 100


def autograder(*args):
    proc = subprocess.run([str(BIN / "autograder"), *args], capture_output=True, text=True, env=os.environ,
                          timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return proc


@pytest.fixture(scope="module")
def planted_class(tmp_path_factory):
    """100 students, three chapter-1 exercises each right, untouched, missing or with one planted bug; graded
    once into grade-batch's JSON."""
    root = tmp_path_factory.mktemp("class")
    planted = write_class(root / "submissions", STUDENTS, EXERCISES, seed=7)
    result = grade_batch(root / "submissions", jobs=2, progress=False, timing=False)
    (root / "class.json").write_text(json.dumps(result.to_json(), ensure_ascii=False), encoding="utf-8")
    return root, planted


@pytest.fixture(scope="module")
def reports(planted_class):
    root, _ = planted_class
    return {lang: json.loads(autograder("report", str(root / "class.json"), "--json", "--lang", lang).stdout)
            for lang in ("en", "zh")}


def counts(report: dict) -> dict[str, dict[str, int]]:
    return {ex["id"]: {d["id"]: d["count"] for d in ex["diagnoses"]} for ex in report["exercises"]}


def test_the_reports_counts_are_the_planted_ones(planted_class, reports):
    _, planted = planted_class
    report = reports["en"]
    assert report["students"] == STUDENTS
    assert [ex["id"] for ex in report["exercises"]] == EXERCISES
    assert counts(report) == {ex: dict(planted.diagnoses[ex]) for ex in EXERCISES}
    for ex in report["exercises"]:
        assert ex["passed"] == planted.passed[ex["id"]]
        assert ex["not_started"] == planted.not_started[ex["id"]]
        assert ex["failing"] == sum(planted.diagnoses[ex["id"]].values()) and ex["unnamed"] == ex["errors"] == 0
        ranked = [d["count"] for d in ex["diagnoses"]]
        assert ranked == sorted(ranked, reverse=True)
    # every kind the issue names is among them, with the words a lecturer reads
    labels = {d["id"]: d["label"] for ex in report["exercises"] for d in ex["diagnoses"]}
    assert "sum over the batch axis" in labels["Affine|diag.not_summed|db"]
    assert "down the columns (axis 0" in labels["softmax|variant|softmax-over-the-batch"]
    assert "once too often" in labels["SoftmaxWithLoss|diag.averaged|dx"]


def test_english_and_chinese_reports_count_the_same(reports):
    en, zh = reports["en"], reports["zh"]
    assert counts(en) == counts(zh)
    for ex_en, ex_zh in zip(en["exercises"], zh["exercises"]):
        assert [d["id"] for d in ex_en["diagnoses"]] == [d["id"] for d in ex_zh["diagnoses"]]
        for d_en, d_zh in zip(ex_en["diagnoses"], ex_zh["diagnoses"]):
            assert d_en["label"] != d_zh["label"] and d_en["example"] != d_zh["example"]
    axis = next(d for ex in zh["exercises"] for d in ex["diagnoses"] if d["id"].endswith("softmax-over-the-batch"))
    assert axis["label"].startswith("softmax 是按列") and axis["hint"]["text"].startswith("动手验证一下")


def test_each_diagnosis_has_an_anonymised_example_and_the_learners_hint(planted_class, reports):
    _, planted = planted_class
    for ex in reports["en"]["exercises"]:
        for row in ex["diagnoses"]:
            assert row["example"] and "\n" not in row["example"]
            assert not re.search(r"s\d{3}", row["example"]), row["example"]  # no student's id
            assert "/tmp" not in row["example"]
            exercise = CATALOG[ex["id"]]
            from autograder.diagnosis_kinds import Diagnosis

            expected = hint_for(exercise, Diagnosis(row["key"], row["of"], row["symbol"]))
            assert (row["hint"] or {}).get("id") == (expected.id if expected else None)
    twice = next(d for ex in reports["en"]["exercises"] for d in ex["diagnoses"] if d["key"] == "diag.averaged")
    assert twice["hint"]["text"].startswith("You are dividing by N twice")
    assert twice["where"] == "backward: SoftmaxWithLoss"


def test_the_text_report_ranks_the_diagnoses(planted_class):
    root, planted = planted_class
    out = autograder("report", str(root / "class.json"), "--assignment", "ch01").stdout
    top = max(planted.diagnoses["softmax_with_loss"].values())
    assert f"1. {top} of {STUDENTS}" in out
    assert f"{planted.passed['affine']} of {STUDENTS} pass" in out


def test_raw_submissions_are_graded_first_and_counted_the_same(tmp_path):
    planted = write_class(tmp_path / "few", 6, ["softmax_with_loss"], seed=3)
    graded = read_class(tmp_path / "few", jobs=2)
    assert graded.graded == sum(planted.diagnoses["softmax_with_loss"].values()) + planted.passed["softmax_with_loss"]
    report = build_report(graded, lang="en")
    counted = {r.diagnosis.id: r.count for r in report.exercises[0].diagnoses}
    assert counted == dict(planted.diagnoses["softmax_with_loss"])
    assert "graded_now" in report.to_json() and report.to_json()["graded_now"]["answers"] == graded.graded


# -- the HTML, in headless Chromium ---------------------------------------------------------------

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


async def _render(url: str, devtools_port: int, shot: Path) -> dict:
    import aiohttp

    from tui.test_serve_browser import DevTools

    async with aiohttp.ClientSession() as session:
        async with session.get(f"http://127.0.0.1:{devtools_port}/json/list") as response:
            targets = await response.json(content_type=None)
        page = next(t for t in targets if t.get("type") == "page")
        async with session.ws_connect(page["webSocketDebuggerUrl"], max_msg_size=0) as ws:
            cdp = DevTools(ws)
            await cdp.send("Network.enable")
            await cdp.send("Page.enable")
            await cdp.send("Emulation.setDeviceMetricsOverride", width=1200, height=1600, deviceScaleFactor=1,
                           mobile=False)
            await cdp.send("Page.navigate", url=url)

            async def loaded():
                return await cdp.evaluate("document.readyState") == "complete"

            await cdp.wait_for(loaded, what="the report to load")
            seen = await cdp.evaluate("""(async () => {
                await document.fonts.ready;
                const faces = [];
                document.fonts.forEach(f => faces.push(f.family.replaceAll('"', '') + ' ' + f.status));
                const images = [...document.images].map(i => [i.complete, i.naturalWidth, i.naturalHeight]);
                return {faces, images, text: document.body.innerText,
                        family: getComputedStyle(document.body).fontFamily,
                        sections: document.querySelectorAll('section').length,
                        rows: document.querySelectorAll('section tbody tr').length,
                        cjk: document.fonts.check('16px "DLFS2 Report CJK"', '中')};
            })()""")
            png = await cdp.send("Page.captureScreenshot", format="png", captureBeyondViewport=False)
            shot.write_bytes(__import__("base64").b64decode(png["data"]))
            cdp.reader.cancel()
            seen["requested"] = cdp.requested
            return seen


def render_in_chromium(html_path: Path, tmp_path: Path, shot: Path) -> dict:
    from tui.test_serve_browser import stop_group

    profile = tmp_path / "chromium-profile"
    browser = subprocess.Popen(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         f"--user-data-dir={profile}", "--remote-debugging-port=0", "about:blank"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        active = profile / "DevToolsActivePort"
        deadline = time.monotonic() + 60
        while not (active.is_file() and active.read_text().strip()):
            assert time.monotonic() < deadline, "chromium did not open its DevTools port"
            assert browser.poll() is None, "chromium exited"
            time.sleep(0.1)
        port = int(active.read_text().split()[0])
        return asyncio.run(asyncio.wait_for(_render(html_path.as_uri(), port, shot), 120))
    finally:
        stop_group(browser)


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (CI installs it: .ci/run)")
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_html_is_one_file_that_chromium_renders_offline(planted_class, tmp_path, monkeypatch, lang):
    from tui.test_serve_offline import tiny_cjk_font

    root, planted = planted_class
    # a machine with a Chinese font (here one with the glyph 中 only): the page carries it, cut down
    monkeypatch.setenv("DLFS2_CJK_FONT", str(tiny_cjk_font(tmp_path / "cjk.ttf")))
    page = tmp_path / f"report-{lang}.html"
    autograder("report", str(root / "class.json"), "--html", str(page), "--lang", lang)
    html = page.read_text(encoding="utf-8")
    assert not re.search(r"""(?:src|href)\s*=\s*["'](?!data:|#)""", html)  # nothing to fetch but data: and anchors
    assert "@import" not in html and "http://" not in html and "https://" not in html

    shot = tmp_path / f"report-{lang}.png"
    seen = render_in_chromium(page, tmp_path, shot)
    assert all(url.startswith(("file://", "data:")) for url in seen["requested"]), seen["requested"]
    assert seen["sections"] == len(EXERCISES)
    assert len(seen["images"]) == len(EXERCISES)
    assert all(complete and width > 300 and height > 100 for complete, width, height in seen["images"])
    assert seen["family"].startswith('"DLFS2 Report"')
    assert {"DLFS2 Report loaded", "DLFS2 Report Mono loaded"} <= set(seen["faces"]), seen["faces"]
    assert seen["rows"] >= sum(len(planted.diagnoses[ex]) for ex in EXERCISES)
    passed = planted.passed["softmax_with_loss"]
    if lang == "en":
        assert f"{passed} of {STUDENTS} pass" in seen["text"]
        assert "You are dividing by N twice" in seen["text"]
    else:
        assert f"{STUDENTS} 人中 {passed} 人通过" in seen["text"]
        assert "你除了两次 N" in seen["text"]
        assert seen["cjk"] and "DLFS2 Report CJK loaded" in seen["faces"], seen["faces"]
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    if os.environ.get("DLFS2_CAPTURE_DIR"):
        shutil.copy(shot, Path(os.environ["DLFS2_CAPTURE_DIR"]) / shot.name)
        shutil.copy(page, Path(os.environ["DLFS2_CAPTURE_DIR"]) / page.name)
