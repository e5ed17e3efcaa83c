// axe-core on a page state (issue 12: "axe is clean of serious/critical issues on every page in
// light and dark"). Serious and critical violations fail; every violation is in the message and
// in the test's attachments, so moderate ones (landmarks, headings) are visible too.
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";

/** WCAG 2.0–2.2 A and AA, plus axe's best practices (region, landmark-one-main, page-has-heading-one, …). */
export const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"];

const FAILING_IMPACTS = new Set(["serious", "critical"]);
const TARGETS_SHOWN = 3;

export interface A11yViolation {
  id: string;
  impact: string;
  help: string;
  helpUrl: string;
  targets: string[];
  /** The first offending element's HTML, shortened (React's generated ids make some selectors opaque). */
  html: string;
}

/**
 * Finishes the page's CSS animations and transitions (dialogs fade and zoom in): axe would
 * otherwise measure colour contrast half-way through a fade. Endless ones (spinners) stay.
 */
export async function settle(page: Page) {
  await page.evaluate(async () => {
    for (const animation of document.getAnimations()) {
      try {
        animation.finish();
      } catch {
        // An infinite animation cannot finish; it does not change what axe measures.
      }
    }
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
  });
}

/**
 * The axe rules whose outcome depends on colours: all that can change between the light and the
 * dark scheme (the markup is the same), so a second scheme is checked with these alone.
 */
export const COLOUR_RULES = ["color-contrast", "link-in-text-block"];

/** Every violation axe finds with AXE_TAGS (or only `rules`) on the page as it is now. */
export async function a11yViolations(page: Page, options: { rules?: string[] } = {}): Promise<A11yViolation[]> {
  await settle(page);
  const builder = new AxeBuilder({ page }).withTags(AXE_TAGS);
  const results = await (options.rules ? builder.withRules(options.rules) : builder).analyze();
  return results.violations.map((violation) => ({
    id: violation.id,
    impact: violation.impact ?? "unknown",
    help: violation.help,
    helpUrl: violation.helpUrl,
    targets: violation.nodes.map((node) => node.target.map(String).join(" >> ")),
    html: (violation.nodes[0]?.html ?? "").replace(/\s+/g, " ").slice(0, 160),
  }));
}

/** One line per violation: impact, rule id, help, and where (the first few selectors). */
export function describeViolations(violations: A11yViolation[]): string {
  return violations
    .map((v) => {
      const more = v.targets.length > TARGETS_SHOWN ? ` (+${v.targets.length - TARGETS_SHOWN} more)` : "";
      return `  [${v.impact}] ${v.id}: ${v.help}\n      at ${v.targets.slice(0, TARGETS_SHOWN).join(" | ")}${more}\n      first: ${v.html}`;
    })
    .join("\n");
}

/**
 * Fails when axe finds a serious or critical violation; the message lists them all (the
 * moderate and minor ones after, for the record). Attaches the full list as JSON either way.
 */
export async function expectNoSeriousA11yViolations(page: Page, stateName: string, options: { rules?: string[] } = {}) {
  const violations = await a11yViolations(page, options);
  const order = ["critical", "serious", "moderate", "minor", "unknown"];
  violations.sort((a, b) => order.indexOf(a.impact) - order.indexOf(b.impact));
  await test.info().attach(`axe ${stateName}.json`, { body: JSON.stringify(violations, null, 2), contentType: "application/json" });
  const failing = violations.filter((v) => FAILING_IMPACTS.has(v.impact));
  const others = violations.filter((v) => !FAILING_IMPACTS.has(v.impact));
  if (others.length > 0) {
    test
      .info()
      .annotations.push({ type: "axe (not failing)", description: `${stateName}: ${others.map((v) => `${v.id} (${v.impact})`).join(", ")}` });
  }
  const message =
    `axe on "${stateName}" (${page.url()}): ${failing.length} serious/critical violation(s)\n${describeViolations(failing)}` +
    (others.length > 0 ? `\n  also moderate/minor:\n${describeViolations(others)}` : "");
  expect.soft(failing.length, message).toBe(0);
}
