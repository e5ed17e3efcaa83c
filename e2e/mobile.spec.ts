import { expectFitsViewport, expectTapTargets } from "./kit/layout-checks";
import { pageStates, test } from "./kit/page-states";

// Issue 12: at 390 px no page is wider than the viewport and no control lies outside it (wide
// tables scroll inside their own region); no tap target is under 24 px (WCAG 2.5.8), and those
// under 44 px are listed in the report. The states are in e2e/kit/page-states.ts.
test.use({ viewport: { width: 390, height: 844 } });

for (const state of pageStates) {
  test(`fits a 390 px phone: ${state.name}`, async ({ states }) => {
    const page = await state.reach(states);
    await expectFitsViewport(page, state.name);
    await expectTapTargets(page, state.name);
  });
}
