/**
 * Roles in the UI: French labels, and which screens each role reaches (technicians see diagnostics
 * and the queue, never a screen with personal data).
 */
import type { SessionRole } from '../../../../main/contract';

export const roleLabels: Record<SessionRole, string> = {
  agent: 'Agent',
  'agent-certificateur': 'Agent certificateur',
  technicien: 'Technicien',
};

export type ScreenRoute = '#/' | '#/capture' | '#/certification' | '#/queue' | '#/diagnostics';

const screensByRole: Record<SessionRole, readonly ScreenRoute[]> = {
  agent: ['#/', '#/capture', '#/queue'],
  'agent-certificateur': ['#/', '#/capture', '#/certification', '#/queue'],
  technicien: ['#/diagnostics', '#/queue'],
};

export function screensFor(role: SessionRole): readonly ScreenRoute[] {
  return screensByRole[role];
}

export function allowed(role: SessionRole, route: ScreenRoute): boolean {
  return screensByRole[role].includes(route);
}

/** Where a role lands (its first screen). */
export function landingFor(role: SessionRole): ScreenRoute {
  return screensByRole[role][0]!;
}
