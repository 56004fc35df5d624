/** The e2e tests' accessibility check: axe-core on the page as it is, no violation allowed. */
import assert from 'node:assert/strict';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';

/** Fails with each violation's id, node count and help when axe-core finds any on `page`. */
export async function expectNoAxeViolations(page: Page, screen = 'this screen'): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const summary = results.violations.map((v) => `${v.id} (${v.nodes.length}): ${v.help}`);
  assert.deepEqual(summary, [], `axe violations on ${screen}`);
}
