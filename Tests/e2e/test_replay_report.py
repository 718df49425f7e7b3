"""The HTML QA review (`sopc replay --format html`) in headless Chromium: it loads nothing from the
network, logs no console error, every number on the page equals the JSON report, tables sort, sample text
is escaped, and it prints."""
import json
import re
import subprocess

import pytest

TREE = "trees/account-takeover.sop.yaml"
SAMPLES = "trees/samples/account-takeover-review.jsonl"
GOLD = "trees/samples/account-takeover-gold.jsonl"
OPTIONS = ["--time-field", "labeled_at", "--duration-field", "seconds", "--gold", GOLD, "--target-rate", "60"]


@pytest.fixture(scope="module")
def report(sopc, root, tmp_path_factory):
    out = tmp_path_factory.mktemp("report")
    html = out / "report.html"
    subprocess.run([sopc, "replay", TREE, SAMPLES, *OPTIONS, "--format", "html", "-o", str(html)], cwd=root, check=True)
    js = subprocess.run([sopc, "replay", TREE, SAMPLES, *OPTIONS, "--format", "json"], cwd=root, check=True, capture_output=True, text=True)
    return html, json.loads(js.stdout)


def lookup(report, field):
    value = report
    for name, index in re.findall(r"([a-z][a-z0-9_]*)|\[(\d+)\]", field):
        value = value[name] if name else value[int(index)]
    return value


def open_page(browser, path):
    page = browser.new_page()
    errors, requests = [], []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: requests.append(r.url))
    page.goto(path.as_uri())
    return page, errors, requests


def test_page_is_self_contained_and_error_free(browser, report):
    html, _ = report
    page, errors, requests = open_page(browser, html)
    assert errors == []
    assert requests == [html.as_uri()]
    for section in ["summary", "trend", "hotspots", "confusion", "labelers", "rca", "multi", "gold", "ai", "coverage"]:
        assert page.locator(f"section#{section}").count() == 1, section
    assert page.locator("svg").count() >= 3
    page.close()


def test_every_number_equals_the_json_report(browser, report):
    html, data = report
    page, _, _ = open_page(browser, html)
    cells = page.eval_on_selector_all("[data-field]", "els => els.map(e => [e.dataset.field, e.dataset.value, e.textContent])")
    assert len(cells) > 150
    fields = set()
    for field, raw, shown in cells:
        expected = lookup(data, field)
        fields.add(field.split(".")[0].split("[")[0])
        if expected is None:
            assert raw == "null" and shown == "-", field
            continue
        assert float(raw) == pytest.approx(expected, abs=1e-12), field
        if shown.endswith("%"):
            assert float(shown[:-1]) / 100 == pytest.approx(expected, abs=5e-5), field
        else:
            assert float(shown) == pytest.approx(expected, abs=0.051 if "." in shown and len(shown.split(".")[1]) == 1 else 5e-5), field
    assert {"summary", "trends", "nodes", "confusion", "labelers", "productivity", "root_causes", "multi_rater", "gold", "ai", "coverage"} <= fields
    page.close()


def test_tables_sort_by_number(browser, report):
    html, _ = report
    page, errors, _ = open_page(browser, html)
    table = page.locator("section#labelers table")
    header = table.locator("th", has_text="samples")
    header.click()
    values = [int(v) for v in table.locator("tbody tr td:nth-child(2)").all_text_contents()]
    assert values == sorted(values)
    header.click()
    values = [int(v) for v in table.locator("tbody tr td:nth-child(2)").all_text_contents()]
    assert values == sorted(values, reverse=True)
    assert errors == []
    page.close()


def test_prints_to_pdf(browser, report, tmp_path):
    html, _ = report
    page, errors, _ = open_page(browser, html)
    page.emulate_media(media="print")
    assert page.evaluate("getComputedStyle(document.querySelector('header')).backgroundColor") == "rgb(255, 255, 255)"
    pdf = page.pdf(format="A4", print_background=True)
    assert pdf.startswith(b"%PDF") and len(pdf) > 20_000
    assert errors == []
    page.close()


def test_sample_text_is_escaped(browser, sopc, root, tmp_path):
    with open(root / SAMPLES) as f:
        base = [json.loads(line) for line in f][:2]
    rows = [
        dict(base[0], id="<img src=x onerror=\"window.pwned=1\">", labeler="<script>window.pwned=2</script>", label="deny_recovery"),
        dict(base[1], id="2", labeler="a&b", label="vip_recovery"),
    ]
    samples = tmp_path / "hostile.jsonl"
    samples.write_text("".join(json.dumps(r) + "\n" for r in rows))
    html = tmp_path / "hostile.html"
    subprocess.run([sopc, "replay", TREE, str(samples), "--format", "html", "-o", str(html)], cwd=root, check=True)
    page, errors, requests = open_page(browser, html)
    assert page.evaluate("window.pwned === undefined")
    assert page.locator("text=<script>window.pwned=2</script>").count() >= 1
    assert errors == [] and requests == [html.as_uri()]
    page.close()
