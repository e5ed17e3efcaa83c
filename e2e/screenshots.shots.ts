// Run by `npm run screenshots` (e2e/screenshots.config.ts), never by `npm test`: writes
// screenshots/<state>-light.png, -dark.png (1280×800) and -mobile.png (390×844, light).
import fs from "node:fs";
import path from "node:path";
import type { Page } from "@playwright/test";
import { settle } from "./kit/accessibility";
import { root } from "./kit/config-base";
import { pageStates, test } from "./kit/page-states";

const folder = path.join(root, "screenshots");
const desktop = { width: 1280, height: 800 };
const phone = { width: 390, height: 844 };

async function shoot(page: Page, file: string) {
  await settle(page);
  await page.screenshot({ path: path.join(folder, file), fullPage: true, animations: "disabled" });
}

test.beforeAll(() => fs.mkdirSync(folder, { recursive: true }));

for (const state of pageStates) {
  test(`screenshots: ${state.name}`, async ({ states }) => {
    const page = await state.reach({ ...states, open: (options) => states.open({ viewport: desktop, ...options }) });
    await page.emulateMedia({ colorScheme: "light" });
    await shoot(page, `${state.slug}-light.png`);
    await page.emulateMedia({ colorScheme: "dark" });
    await shoot(page, `${state.slug}-dark.png`);

    const mobile = await state.reach({ ...states, open: (options) => states.open({ viewport: phone, ...options }) });
    await shoot(mobile, `${state.slug}-mobile.png`);
  });
}
