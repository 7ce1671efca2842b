// What every browser test shares: its API answers are validated against openapi.json, and a
// screenshot of what the person saw is saved under the build directory when it ends.
import { test as base, expect } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { watchResponses } from './openapi.js';

const shots = `${process.env.DBBRIDGE_WEB_OUT || 'test-results'}/screenshots`;
mkdirSync(shots, { recursive: true });

export const test = base.extend({
  page: async ({ page, request }, use, testInfo) => {
    const watch = await watchResponses(page, request);
    await use(page);
    const name = testInfo.titlePath.slice(1).join(' - ').replace(/[^\p{L}\p{N} ._-]+/gu, '_');
    await page.screenshot({ path: `${shots}/${name}.png`, fullPage: true }).catch(() => {});
    expect(watch.problems(), 'API answers that do not match openapi.json').toEqual([]);
  },
});
export { expect };

// Picks optionText in an Element Plus select. Dropdowns are rendered at the end of <body> and
// a closing one lingers during its animation, so only visible options count.
function visibleOption(page, text, exact) {
  const options = page.locator('.el-select-dropdown__item').filter({ visible: true });
  return exact ? options.getByText(text, { exact: true }) : options.filter({ hasText: text });
}

async function noDropdownOpen(page) {
  await expect(page.locator('.el-select-dropdown').filter({ visible: true })).toHaveCount(0);
}

export async function choose(page, select, optionText, { exact = false } = {}) {
  await noDropdownOpen(page);
  await select.click();
  await visibleOption(page, optionText, exact).first().click();
  await noDropdownOpen(page);
}

export async function chooseMany(page, select, texts) {
  await noDropdownOpen(page);
  await select.click();
  for (const text of texts) {
    await visibleOption(page, text, true).click();
  }
  await page.keyboard.press('Escape');
  await noDropdownOpen(page);
}

// An extra screenshot in the middle of a test (the fixture takes one at its end).
export async function snap(page, name) {
  await page.screenshot({ path: `${shots}/${name}.png`, fullPage: true });
}

export const byTest = (page, name) => page.locator(`[data-test="${name}"]`);

export async function login(page, username, password) {
  await page.goto('/login');
  await byTest(page, 'username').fill(username);
  await byTest(page, 'password').fill(password);
  await byTest(page, 'login').click();
  await expect(page).not.toHaveURL(/\/login/);
}
