/**
 * The agent smart card: protocol (APDUs), roles carried by the certificate, certificate checks,
 * the driver over a PC/SC channel, and the simulated card with its test agent CA.
 */
export {
  AgentCertificateError,
  type AgentIdentity,
  type CertificateProblem,
  parseTrustAnchors,
  verifyAgentCertificate,
} from './certificate';
export { AgentCardReader, type AgentCardReaderOptions, type PinResult, pinMessages } from './driver';
export { agentAppletAid, certificateFid, maxPinTries } from './protocol';
export { type AgentRole, agentRoles, roleLabels, roleOids } from './roles';
export { agentCardAtr, SimulatedAgentCard, type SimulatedAgentCardOptions } from './simulator/agent-card';
export { type AgentCa, type AgentCredentials, createAgentCa } from './simulator/agent-pki';
