/**
 * Public API of the scanned-photo module: a flatbed scan in, the ISO token and a report of the
 * portrait criteria plus the scan criteria out, with the agent's French instruction
 * (`scanPortrait`); the token's JPEG (`encodeToken`); typed input errors (`ScanInputError`).
 */
export type { ScanCriterionId, ScanCriterionResult } from './criteria';
export { SCAN_CRITERION_IDS, SCAN_MANDATORY, SCAN_THRESHOLDS } from './criteria';
export type { ScanInputReason } from './errors';
export { SCAN_INPUT_MESSAGES_FR, ScanInputError } from './errors';
export { MAX_SCAN_PIXELS } from './load';
export type { ScanOptions, ScanReport, ScanResult } from './pipeline';
export { scanPortrait } from './pipeline';
export type { ScanToken } from './token';
export { encodeToken } from './token';
