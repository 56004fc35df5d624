/**
 * Shared e2e step: open an agent session in the UI with a simulated agent card (demo PIN 1234).
 * Whatever the page shows (sign-in, lock screen, a session of another role), it ends with an open
 * session of `role`, shown in the header. Waits on UI states, never sleeps.
 */
import type { Page } from 'playwright-core';

export type AgentRoleName = 'agent' | 'agent-certificateur' | 'technicien';

const cardButton: Record<AgentRoleName, string> = {
  agent: 'Carte simulée : agent',
  'agent-certificateur': 'Carte simulée : agent certificateur',
  technicien: 'Carte simulée : technicien',
};

/** The header's role marker of the open session (visible copy). */
export function sessionRole(page: Page) {
  return page.locator('[data-session-role]:visible').first();
}

export async function signIn(page: Page, role: AgentRoleName = 'agent', pin = '1234'): Promise<void> {
  const signInScreen = page.getByTestId('sign-in');
  const lockScreen = page.getByTestId('lock-screen');
  const anyState = page.locator(
    '[data-testid="sign-in"], [data-testid="lock-screen"], [data-session-role]:visible',
  );
  await anyState.first().waitFor();
  if (await sessionRole(page).isVisible()) {
    if ((await sessionRole(page).getAttribute('data-session-role')) === role) return;
    await page.getByRole('button', { name: 'Se déconnecter' }).first().click();
    await signInScreen.waitFor();
  }
  const screen = (await lockScreen.isVisible()) ? lockScreen : signInScreen;
  await screen.getByRole('button', { name: cardButton[role], exact: true }).click();
  const pinField = page.getByLabel('Code PIN');
  await page.getByRole('button', { name: 'Ouvrir la session' }).waitFor();
  await pinField.fill(pin);
  await page.getByRole('button', { name: 'Ouvrir la session' }).click();
  await page.locator(`[data-session-role="${role}"]:visible`).first().waitFor();
}
