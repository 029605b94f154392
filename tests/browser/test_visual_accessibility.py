"""What axe-core cannot judge, measured from the rendered styles on every parent and public page,
in both languages: no sideways scrolling at 320 CSS px (WCAG 1.4.10), form controls whose boundary
reaches 3:1 against the colour behind them (1.4.11), and a focus indicator on every focusable
element that is at least 2 px thick and reaches 3:1 against the page behind it (2.4.7, 2.4.13);
and, for a parent on a phone, a reference number on one line and the office's phone as a tel: link."""

import pytest

from tools import site_map

from .helpers import LANGUAGES, browser_as

NARROW = {"width": 320, "height": 720}
# Enough to meet the header, the form and the footer of every page, without the long legal index
# taking a minute.
MOST_FOCUSABLE_CHECKED = 40

# WCAG relative luminance and contrast ratio, colours composited over what lies behind them.
COLOUR_SCRIPT = """
const parse = (text) => {
  const m = text.match(/rgba?\\(([^)]+)\\)/);
  if (!m) return null;
  const parts = m[1].split(/[ ,\\/]+/).filter(Boolean).map(Number);
  return {r: parts[0], g: parts[1], b: parts[2], a: parts.length > 3 ? parts[3] : 1};
};
const over = (top, bottom) => ({
  r: top.r * top.a + bottom.r * (1 - top.a),
  g: top.g * top.a + bottom.g * (1 - top.a),
  b: top.b * top.a + bottom.b * (1 - top.a),
  a: 1,
});
const luminance = (c) => {
  const channel = (v) => {
    v /= 255;
    return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
  };
  return 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b);
};
const contrast = (a, b) => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
};
// The colour behind an element: its ancestors' backgrounds, composited down to white.
const behind = (element) => {
  const layers = [];
  for (let node = element.parentElement; node; node = node.parentElement) {
    const colour = parse(getComputedStyle(node).backgroundColor);
    if (colour && colour.a > 0) {
      layers.push(colour);
      if (colour.a >= 1) break;
    }
  }
  let result = {r: 255, g: 255, b: 255, a: 1};
  for (const layer of layers.reverse()) result = over(layer, result);
  return result;
};
const describe = (element) => {
  const name = element.id ? "#" + element.id : (element.getAttribute("name") ? `[name=${element.getAttribute("name")}]` : "");
  const text = (element.textContent || "").trim().slice(0, 30);
  return `${element.tagName.toLowerCase()}${name}${element.className ? "." + String(element.className).trim().split(/\\s+/).join(".") : ""}${text ? ` "${text}"` : ""}`;
};
const shown = (element) => {
  const box = element.getBoundingClientRect();
  const style = getComputedStyle(element);
  return box.width > 0 && box.height > 0 && style.visibility !== "hidden" && style.opacity !== "0";
};
"""

OVERFLOW_SCRIPT = """() => {
  const root = document.documentElement;
  if (root.scrollWidth <= root.clientWidth) return null;
  const widest = [...document.body.querySelectorAll("*")]
    .filter((element) => element.getBoundingClientRect().right > root.clientWidth + 1)
    .filter((element) => !element.closest(".table-responsive, .visually-hidden, .visually-hidden-focusable"))
    .slice(-3)
    .map((element) => `${element.tagName.toLowerCase()}.${String(element.className).trim().split(/\\s+/).join(".")} (${Math.round(element.getBoundingClientRect().right)} px)`);
  return `${root.scrollWidth} px wide in ${root.clientWidth} px: ${widest.join(", ")}`;
}"""

BORDER_SCRIPT = (
    "() => {"
    + COLOUR_SCRIPT
    + """
  const problems = [];
  const controls = document.querySelectorAll(
    "input:not([type=hidden]), select, textarea, .form-control, .form-select, .form-check-input"
  );
  for (const control of new Set(controls)) {
    if (control.disabled || !shown(control)) continue;
    const style = getComputedStyle(control);
    const background = behind(control);
    let best = 0;
    for (const side of ["Top", "Right", "Bottom", "Left"]) {
      const width = parseFloat(style[`border${side}Width`]);
      const colour = parse(style[`border${side}Color`]);
      if (!width || style[`border${side}Style`] === "none" || !colour) continue;
      best = Math.max(best, contrast(over(colour, background), background));
    }
    // A control with no visible border may still stand out by its own fill.
    const fill = parse(style.backgroundColor);
    if (fill && fill.a > 0) best = Math.max(best, contrast(over(fill, background), background));
    if (best < 3) problems.push(`${describe(control)}: boundary ${best.toFixed(2)}:1`);
  }
  return problems;
}"""
)

FOCUS_SCRIPT = (
    "(most) => {"
    + COLOUR_SCRIPT
    + """
  const focusable = [...document.querySelectorAll(
    "a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]:not([tabindex='-1'])"
  )].filter((element) => !element.disabled);
  const problems = [];
  let checked = 0;
  for (const element of focusable) {
    if (checked >= most) break;
    element.focus();
    if (document.activeElement !== element || !shown(element)) continue;
    checked += 1;
    if (!element.matches(":focus-visible")) {
      problems.push(`${describe(element)}: not :focus-visible`);
      continue;
    }
    const style = getComputedStyle(element);
    const background = behind(element);
    const rings = [];
    const outlineWidth = style.outlineStyle === "none" ? 0 : parseFloat(style.outlineWidth);
    const outlineColour = parse(style.outlineColor);
    if (outlineWidth && outlineColour) {
      rings.push({width: outlineWidth, colour: outlineColour});
    }
    // Each outer shadow "colour x y blur spread": the part beyond the outline is a ring.
    const outlineReach = outlineWidth ? outlineWidth + Math.max(0, parseFloat(style.outlineOffset)) : 0;
    for (const shadow of style.boxShadow === "none" ? [] : style.boxShadow.split(/,(?![^(]*\\))/)) {
      if (shadow.includes("inset")) continue;
      const colour = parse(shadow);
      const lengths = shadow.replace(/rgba?\\([^)]*\\)/, "").trim().split(/\\s+/).map(parseFloat);
      const [x, y, blur, spread] = [lengths[0] || 0, lengths[1] || 0, lengths[2] || 0, lengths[3] || 0];
      if (colour && !x && !y && !blur && spread > outlineReach) {
        rings.push({width: spread - outlineReach, colour});
      }
    }
    const strong = rings.filter(
      (ring) => ring.width >= 2 && contrast(over(ring.colour, background), background) >= 3
    );
    if (!strong.length) {
      const seen = rings.map(
        (ring) => `${ring.width}px at ${contrast(over(ring.colour, background), background).toFixed(2)}:1`
      );
      problems.push(`${describe(element)}: focus ${seen.join(" + ") || "none"}`);
    }
  }
  document.activeElement && document.activeElement.blur();
  return problems;
}"""
)


PHONE_SCRIPT = """() => {
  const problems = [];
  // The reference a parent reads out at the counter: one line, inside its own box.
  for (const reference of document.querySelectorAll(".reference-number, .print-reference")) {
    const range = document.createRange();
    range.selectNodeContents(reference);
    const lines = new Set([...range.getClientRects()].map((rect) => Math.round(rect.top))).size;
    if (lines > 1 || reference.scrollWidth > reference.clientWidth) {
      problems.push(`reference ${reference.textContent.trim()} on ${lines} lines, ${reference.scrollWidth} px in ${reference.clientWidth} px`);
    }
  }
  // The office's phone number calls it when tapped.
  for (const address of document.querySelectorAll("main address")) {
    if (!address.querySelector("a[href^='tel:']")) problems.push("office address without a tel: link");
  }
  for (const link of document.querySelectorAll("a[href^='tel:']")) {
    if (!/^tel:\\+?[0-9]+$/.test(link.getAttribute("href"))) {
      problems.push(`phone link ${link.getAttribute("href")} is not digits only`);
    }
  }
  return problems;
}"""


@pytest.fixture
def site(transactional_db):
    return site_map.make_site_data()


def problems_on(page):
    """The page's reflow, control-boundary, phone and focus-indicator problems, one line each."""
    found = []
    overflow = page.evaluate(OVERFLOW_SCRIPT)
    if overflow:
        found.append(f"scrolls sideways at 320 px: {overflow}")
    found += [f"control {problem}" for problem in page.evaluate(BORDER_SCRIPT)]
    found += page.evaluate(PHONE_SCRIPT)
    # Keyboard use, so that focus moved by script shows as it does when tabbing.
    page.keyboard.press("Tab")
    found += page.evaluate(FOCUS_SCRIPT, MOST_FOCUSABLE_CHECKED)
    return found


@pytest.mark.parametrize("language", LANGUAGES)
def test_parent_pages_reflow_and_show_controls_and_focus(chromium, live_server, site, language):
    browsers = {}
    problems, checked, phone_links = [], 0, 0
    for page_info in site_map.pages(site):
        if not page_info.for_parents:
            continue
        if page_info.who not in browsers:
            browsers[page_info.who] = browser_as(
                chromium, live_server, site, page_info.who, language
            )
            browsers[page_info.who].set_viewport_size(NARROW)
        page = browsers[page_info.who]
        response = page.goto(page_info.url)
        assert response.status == page_info.status, f"{page_info.url}: {response.status}"
        problems += [f"{page_info.url} ({page_info.title}): {p}" for p in problems_on(page)]
        checked += 1
        if page_info.name == "enrollment:confirmation":
            phone_links = page.locator("main a[href^='tel:']").count()
    for page in browsers.values():
        page.context.close()
    assert not problems, "\n".join(problems)
    assert checked >= 20
    assert phone_links, "the confirmation page gives the office's phone as a tel: link"
