// Mobile layout checks (issue 12: "no page wider than the viewport and no control outside it",
// "tap targets ≥ 44 px"). They measure the page in the browser at its current viewport.
import { expect, test, type Page } from "@playwright/test";
import { settle } from "./accessibility";

/** What a user can press or type into. */
export const INTERACTIVE =
  'a[href], button, input:not([type="hidden"]), select, textarea, [role="button"], [role="checkbox"], [role="radio"], [role="tab"], ' +
  '[role="menuitem"], [role="combobox"], [role="switch"]';

/** The recommended size (WCAG 2.5.5, Apple and Material guidance) and the AA minimum (WCAG 2.5.8). */
export const TAP_TARGET = 44;
export const TAP_TARGET_MINIMUM = 24;

interface Measured {
  /** e.g. `button "Enable 2FA"`: the element, its role and its name. */
  what: string;
  left: number;
  right: number;
  width: number;
  height: number;
}

interface FitReport {
  innerWidth: number;
  scrollWidth: number;
  /** The deepest elements sticking out on the right or left (the likely causes of a sideways scroll). */
  wideElements: Measured[];
  /** Controls (or the scroll region holding them) outside [0, innerWidth]. */
  controlsOutside: Measured[];
}

const round = (n: number) => Math.round(n * 10) / 10;

function format(items: Measured[]) {
  return items.map((m) => `  ${m.what}: x ${round(m.left)}–${round(m.right)}, ${round(m.width)}×${round(m.height)}`).join("\n");
}

/**
 * At the current viewport, the page does not scroll sideways (documentElement.scrollWidth ≤
 * innerWidth) and every visible control lies inside the viewport horizontally. A control inside
 * an element that scrolls sideways on purpose (the Table's `[role=region][tabindex]`, overflow-x
 * auto or scroll) is judged by that element's own box instead.
 */
export async function expectFitsViewport(page: Page, stateName: string) {
  await settle(page);
  const report: FitReport = await page.evaluate((selector) => {
    const describe = (el: Element) => {
      const role = el.getAttribute("role") ?? el.tagName.toLowerCase();
      const name = (el.getAttribute("aria-label") ?? (el as HTMLElement).innerText ?? el.getAttribute("name") ?? el.id ?? "")
        .trim()
        .replace(/\s+/g, " ");
      const type = el instanceof HTMLInputElement ? `[type=${el.type}]` : "";
      return `${role}${type}${name ? ` "${name.slice(0, 50)}"` : ""}${el.id ? ` #${el.id}` : ""}`;
    };
    const measure = (el: Element, what = describe(el)) => {
      const r = el.getBoundingClientRect();
      return { what, left: r.left, right: r.right, width: r.width, height: r.height };
    };
    const shown = (el: Element) => {
      const r = el.getBoundingClientRect();
      if (r.width <= 1 || r.height <= 1) return false; // sr-only text, a skip link until focused
      if (el.getAttribute("aria-hidden") === "true" && el instanceof HTMLInputElement) return false; // Radix's form-bubbling inputs
      return el.checkVisibility({ opacityProperty: true, visibilityProperty: true });
    };
    /** The nearest ancestor that scrolls sideways on purpose, if any. */
    const scroller = (el: Element) => {
      for (let node = el.parentElement; node && node !== document.body; node = node.parentElement) {
        const overflowX = getComputedStyle(node).overflowX;
        if ((overflowX === "auto" || overflowX === "scroll") && node.scrollWidth > node.clientWidth) return node;
      }
      return null;
    };
    const width = window.innerWidth;
    const outside = (m: { left: number; right: number }) => m.left < -0.5 || m.right > width + 0.5;

    const controlsOutside = new Map<Element, ReturnType<typeof measure>>();
    for (const el of document.querySelectorAll(selector)) {
      if (!shown(el)) continue;
      const region = scroller(el);
      const box = region ? measure(region, `scroll region ${describe(region)} (holding ${describe(el)})`) : measure(el);
      if (outside(box)) controlsOutside.set(region ?? el, box);
    }

    /**
     * Inside a scroll region an element is clipped, unless it is absolutely positioned against
     * a box outside the region (an sr-only label in a table without a positioned wrapper): that
     * one escapes the clip and widens the page.
     */
    const escapes = (el: Element, region: Element) => {
      const position = getComputedStyle(el).position;
      if (position === "fixed") return true;
      if (position !== "absolute") return false;
      for (let node = el.parentElement; node; node = node.parentElement) {
        const style = getComputedStyle(node);
        if (style.position !== "static" || style.transform !== "none") return false;
        if (node === region) return true;
      }
      return true;
    };
    const wideElements = [];
    for (const el of document.body.querySelectorAll("*")) {
      const r = el.getBoundingClientRect();
      if ((r.width === 0 && r.height === 0) || !el.checkVisibility()) continue;
      const region = scroller(el);
      if (region && !escapes(el, region)) continue;
      const box = measure(el);
      if (!outside(box)) continue;
      const childOutside = [...el.children].some((child) => outside(child.getBoundingClientRect()));
      if (!childOutside) {
        const className = typeof el.className === "string" && el.className ? ` class="${el.className.slice(0, 80)}"` : "";
        wideElements.push({ ...box, what: `<${el.tagName.toLowerCase()}${className}> ${describe(el)}` });
      }
    }
    return {
      innerWidth: width,
      scrollWidth: document.documentElement.scrollWidth,
      wideElements: wideElements.slice(0, 8),
      controlsOutside: [...controlsOutside.values()],
    };
  }, INTERACTIVE);

  const problems: string[] = [];
  if (report.scrollWidth > report.innerWidth) {
    problems.push(
      `the page is ${report.scrollWidth} px wide in a ${report.innerWidth} px viewport (it scrolls sideways); sticking out:\n${format(report.wideElements)}`,
    );
  }
  if (report.controlsOutside.length > 0)
    problems.push(`${report.controlsOutside.length} control(s) outside the viewport:\n${format(report.controlsOutside)}`);
  expect.soft(problems.length, `"${stateName}" at ${report.innerWidth} px (${page.url()}):\n${problems.join("\n")}`).toBe(0);
}

export interface TapTargetOptions {
  /** Below this size (either side) the check fails: WCAG 2.5.8's 24 px by default. */
  failBelow?: number;
}

/**
 * Controls smaller than 44×44 CSS px (either side). A control's target is its own box or one of
 * its labels' (clicking a label presses its checkbox or radio): either big enough will do. Links inside
 * a sentence are exempt (WCAG 2.5.8's inline exception). Those under `failBelow` (24 px, WCAG
 * 2.5.8 AA) fail the test; those between 24 and 44 are reported as an annotation and an
 * attachment only, so the report shows what still falls short of the 44 px goal.
 */
export async function expectTapTargets(page: Page, stateName: string, options: TapTargetOptions = {}) {
  const failBelow = options.failBelow ?? TAP_TARGET_MINIMUM;
  await settle(page);
  const small: Measured[] = await page.evaluate(
    ({ selector, size }) => {
      const result = [];
      for (const el of document.querySelectorAll(selector)) {
        let r = el.getBoundingClientRect();
        if (r.width <= 1 || r.height <= 1) continue;
        if (el.getAttribute("aria-hidden") === "true" && el instanceof HTMLInputElement) continue;
        if (!el.checkVisibility({ opacityProperty: true, visibilityProperty: true })) continue;
        if (el.closest("[aria-hidden=true], [inert]")) continue; // behind an open modal: not pressable now
        const style = getComputedStyle(el);
        if (el.tagName === "A" && style.display === "inline") {
          const sentence = el.parentElement?.textContent?.trim() ?? "";
          if (sentence.length > (el.textContent?.trim().length ?? 0)) continue; // an inline link in running text
        }
        // Pressing its label presses the control too: either box that is big enough will do.
        const labels = "labels" in el ? [...((el as HTMLInputElement).labels ?? [])] : [];
        const enclosing = el.closest("label");
        const targets = [r, ...(enclosing ? [...labels, enclosing] : labels).map((label) => label.getBoundingClientRect())];
        if (targets.some((t) => t.width >= size && t.height >= size)) continue;
        for (const t of targets) if (t.width * t.height > r.width * r.height) r = t;
        const role = el.getAttribute("role") ?? el.tagName.toLowerCase();
        const name = (el.getAttribute("aria-label") ?? (el as HTMLElement).innerText ?? el.id ?? "").trim().replace(/\s+/g, " ").slice(0, 50);
        result.push({ what: `${role}${name ? ` "${name}"` : ""}`, left: r.left, right: r.right, width: r.width, height: r.height });
      }
      return result;
    },
    { selector: INTERACTIVE, size: TAP_TARGET },
  );

  const failing = small.filter((m) => m.width < failBelow || m.height < failBelow);
  const short = small.filter((m) => !failing.includes(m));
  if (small.length > 0) {
    await test.info().attach(`tap targets ${stateName}.json`, { body: JSON.stringify(small, null, 2), contentType: "application/json" });
  }
  if (short.length > 0) {
    test.info().annotations.push({
      type: `tap targets under ${TAP_TARGET} px (not failing)`,
      description: `${stateName}: ${short.map((m) => `${m.what} ${round(m.width)}×${round(m.height)}`).join(", ")}`,
    });
  }
  expect.soft(failing.length, `"${stateName}": ${failing.length} control(s) smaller than ${failBelow}×${failBelow} px:\n${format(failing)}`).toBe(0);
}
