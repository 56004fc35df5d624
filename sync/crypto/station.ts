/**
 * The station's whole view of sync cryptography: enroll and load its signing key, seal dossiers
 * to the central system, verify receipts. Deliberately nothing that decrypts.
 */
export { CONTENT_ENCRYPTION, KEY_MANAGEMENT_ALG, SIGNATURE_ALG } from './algorithms';
export { CentralDocumentRejected } from './central-document';
export { type CentralPublicKeys, type CentralRecipient, importCentralPublicKeys } from './central-keys';
export { type MessageRefusal, MessageRejected, verifyCentralMessage } from './central-message';
export { verifyConfiguration } from './configuration';
export { KeyProtectionError, type KeyProtectionErrorCode, type KeyProtector } from './key-protector';
export { PASSPHRASE_ENV, type PassphraseProtectorOptions, passphraseProtector } from './passphrase-protector';
export { ReceiptRejected, type ReceiptSubject, type VerifiedReceipt, verifyReceipt } from './receipt';
export { type SafeStorageLike, safeStorageProtector } from './safe-storage-protector';
export { type SealedDossier, sealDossier } from './seal';
export { createStationKeys, loadStationKeys, type StationKeys, type StationPublicKey } from './station-keys';
