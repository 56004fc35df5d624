/**
 * What each station command needs: `open` (no session: the sign-in screen and supervision probes),
 * or the session action its caller's role must hold (agent-session-permissions.ts). The registry
 * (main/ipc/registry.ts) checks it before any handler runs and refuses to register a handler that is
 * missing here; the type makes a new command without a declared action a compile error.
 *
 * Each command's action follows what the UI offers each role (renderer/src/features/session/roles.ts):
 * agents capture and see the queue, certifying agents also certify, technicians reach diagnostics and
 * the queue. The table is written out for people in docs/authorization.md (a test keeps both equal).
 */
import type { CommandName } from '../contract/api';
import type { SessionAction } from './agent-session-permissions';

export type CommandAccess = 'open' | SessionAction;

export const commandAccess: { readonly [C in CommandName]: CommandAccess } = {
  'station.info': 'open',
  'station.health': 'open',
  'station.enrollment': 'station.status',
  'station.configuration': 'station.status',
  'devices.list': 'station.status',
  'devices.simulate': 'devices.maintain',
  'devices.selfTest': 'devices.test',
  'devices.reset': 'devices.maintain',
  'devices.testCapture': 'devices.test',
  'devices.trace': 'devices.maintain',
  'portrait.analyze': 'application.capture',
  'portrait.override': 'application.override',
  'hosts.list': 'diagnostics.view',
  'diagnostics.incidents': 'diagnostics.view',
  'diagnostics.health': 'diagnostics.view',
  'hosts.restart': 'hosts.restart',
  'sync.status': 'station.status',
  'queue.status': 'queue.view',
  'sync.now': 'queue.sync',
  'session.status': 'open',
  'session.signIn': 'open',
  'session.unlock': 'open',
  'session.lock': 'open',
  'session.signOut': 'open',
  'session.activity': 'open',
  'session.simulateCard': 'open',
  'application.start': 'application.capture',
  'application.current': 'application.capture',
  'application.portrait': 'application.capture',
  'application.portraitEphoto': 'application.capture',
  'application.portraitScan': 'application.capture',
  'application.captureFinger': 'application.capture',
  'application.markFinger': 'application.capture',
  'application.signatureStart': 'application.capture',
  'application.signatureClear': 'application.capture',
  'application.signatureFinish': 'application.capture',
  'application.review': 'personal-data.view',
  'application.submit': 'application.submit',
  'application.cancel': 'application.capture',
  'certification.start': 'identity.certify',
  'certification.readChip': 'identity.certify',
  'certification.captureFinger': 'identity.certify',
  'certification.submit': 'identity.certify',
  'certification.current': 'identity.certify',
  'certification.cancel': 'identity.certify',
  'certification.simulation': 'identity.certify',
  'certification.simulate': 'identity.certify',
  'counter.preApplication': 'application.capture',
  'counter.appointments': 'application.capture',
  'counter.taxStamp': 'application.capture',
  'counter.classify': 'application.capture',
  'counter.classifyImage': 'application.capture',
  'counter.lastScan': 'application.capture',
  'counter.simulateScan': 'application.capture',
};
