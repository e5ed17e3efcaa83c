import { COLOUR_RULES, expectNoSeriousA11yViolations } from "./kit/accessibility";
import { expectFitsViewport, expectTapTargets } from "./kit/layout-checks";
import { pageStates, test } from "./kit/page-states";

// Issue 12, on every page state (e2e/kit/page-states.ts), each reached once:
//  - axe finds no serious or critical violation in light, nor in dark (prefers-color-scheme);
//    only colours differ between the two, so dark runs axe's colour rules alone;
//  - on a 390×844 phone no page is wider than the viewport and no control lies outside it (wide
//    tables scroll inside their own region), no tap target is under 24 px (WCAG 2.5.8) and those
//    under 44 px are listed in the report.
// A failure message lists every violation with its rule, impact and where, or the elements that stick out.
test.use({ viewport: { width: 1280, height: 900 } });

for (const state of pageStates) {
  test(`axe in light and dark, and fits a 390 px phone: ${state.name}`, async ({ states }) => {
    const page = await state.reach(states);
    await page.emulateMedia({ colorScheme: "light" });
    await expectNoSeriousA11yViolations(page, `${state.name} (light)`);
    await page.emulateMedia({ colorScheme: "dark" });
    await expectNoSeriousA11yViolations(page, `${state.name} (dark)`, { rules: COLOUR_RULES });

    await page.setViewportSize({ width: 390, height: 844 });
    await expectFitsViewport(page, `${state.name} (390 px)`);
    await expectTapTargets(page, `${state.name} (390 px)`);
  });
}
