/**
 * The central system's side (reference server): keys, opening sealed dossiers, signing receipts and
 * configurations.
 */
export {
  type CentralKeys,
  type CentralPrivateJwks,
  type CentralPublicKeys,
  createCentralKeys,
  importCentralKeys,
} from './central-keys';
export { signCentralMessage } from './central-message';
export { signConfiguration } from './configuration';
export {
  type OpenedDossier,
  openSealedDossier,
  type RejectionReason,
  SealedDossierRejected,
  type StationKeyResolver,
  verifyDispatch,
} from './open';
export { type ReceiptSubject, signReceipt } from './receipt';
