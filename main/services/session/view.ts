/**
 * The session state machine's state as the UI sees it (`SessionView`): states, agent id and role,
 * PIN tries, idle times as ISO dates, French messages, and the holder's name from the card
 * certificate while the session is open or locked (for the header; logs and audit keep the id).
 */
import type { SessionView } from '../../contract/session';
import type { SessionState } from '../agent-session';

export function sessionView(
  state: SessionState,
  context: { idleLockMinutes: number; simulated: boolean; agentName?: string | undefined },
): SessionView {
  const base = { idleLockMinutes: context.idleLockMinutes, simulated: context.simulated };
  const name = context.agentName ? { agentName: context.agentName } : {};
  const iso = (ms: number) => new Date(ms).toISOString();
  switch (state.name) {
    case 'closed':
      return { ...base, state: 'closed' };
    case 'awaiting-pin':
    case 'locked':
      return {
        ...base,
        state: state.name,
        agentId: state.agentId,
        ...(state.name === 'locked' ? name : {}),
        role: state.role,
        triesLeft: state.triesLeft,
      };
    case 'open':
      return {
        ...base,
        state: 'open',
        agentId: state.agentId,
        ...name,
        role: state.role,
        idleWarningAt: iso(state.idleAt),
      };
    case 'idle-warning':
      return {
        ...base,
        state: 'idle-warning',
        agentId: state.agentId,
        ...name,
        role: state.role,
        locksAt: iso(state.locksAt),
      };
    case 'blocked':
      return { ...base, state: 'blocked', agentId: state.agentId, triesLeft: 0, message: state.message };
    case 'rejected':
      return { ...base, state: 'rejected', reason: state.reason, message: state.message };
  }
}
