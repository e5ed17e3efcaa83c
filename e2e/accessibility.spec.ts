import { expectNoSeriousA11yViolations } from "./kit/accessibility";
import { pageStates, test } from "./kit/page-states";

// Issue 12: axe is clean of serious and critical violations on every page state, in light and
// in dark (prefers-color-scheme). The states are in e2e/kit/page-states.ts; the failure message
// lists every violation with its rule, impact and where.
for (const state of pageStates) {
  test(`axe finds no serious or critical violation: ${state.name}, light and dark`, async ({ states }) => {
    const page = await state.reach(states);
    await page.emulateMedia({ colorScheme: "light" });
    await expectNoSeriousA11yViolations(page, `${state.name} (light)`);
    await page.emulateMedia({ colorScheme: "dark" });
    await expectNoSeriousA11yViolations(page, `${state.name} (dark)`);
  });
}
