/**
 * eMRTD / CNIe chip reading (ICAO 9303, BSI TR-03110), the public surface for the CLI, the device
 * host and the UI. The protocols are the project's own code (product core: TLV, secure messaging,
 * BAC, PACE-GM, CA, TA, CV certificates, LDS parsers, simulator); CMS/X.509 go through node:crypto
 * and @peculiar/asn1-*.
 *
 * Layers: tlv/ (BER-TLV, DER bits) → crypto/ (ciphers, MACs, KDF, EC with BigInt, ECDSA) →
 * sm/ (secure messaging) → card/ (card service over a CardChannel, chained READ BINARY) →
 * protocols/ (BAC, PACE, CA, TA) → lds/ (EF.CardAccess, COM, DG1/2/3/14, CVCA, SOD) → pa/ (passive
 * authentication, CSCA trust store) → cvc/ (CV certificates, terminal signer, test PKI) →
 * reader/ (readChip, inspectLdsDirectory, French errors) ; simulator/ (software CNIe).
 */

export { parseCvCertificate } from './cvc/cv-certificate';
export type { TerminalSigner } from './cvc/terminal-signer';
export { SoftwareTerminalSigner } from './cvc/terminal-signer';
export { ldsFileOfName, ldsFiles } from './lds/files';
export type { PaCheck, PassiveAuthenticationVerdict } from './pa/passive-auth';
export { verifyPassiveAuthentication } from './pa/passive-auth';
export { TrustStore } from './pa/trust-store';
export { ChipReadError, messagesFr } from './reader/chip-errors';
export type { DetailedInspection, InspectJson } from './reader/inspect';
export { inspectLdsDirectory, inspectLdsDirectoryDetailed, inspectLdsFiles } from './reader/inspect';
export type { ChipProgress, ChipReadResult, ChipStep, ReadChipOptions } from './reader/read-chip';
export { readChip, stepLabels } from './reader/read-chip';
export type { ChipReadState } from './reader/read-state';
export { CnieSimulator } from './simulator/cnie-simulator';
export { createSimulatedCnie, createSimulatedCnieBus, SIMULATED_READER } from './simulator/sim-setup';

/** File name used when writing raw files (`recueil chip read --out DIR`), readable by inspect. */
export function rawFileName(name: string): string {
  const m = /^DG(\d+)$/.exec(name);
  return m ? `Datagroup${m[1]}.bin` : `EF_${name}.bin`;
}
