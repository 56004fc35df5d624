/** Public surface of the dossier model: ids, parts, validation, manifest and container. */
export {
  buildManifest,
  DossierFormatError,
  type Manifest,
  type ManifestEntry,
  type ParsedDossier,
  parseDossier,
  type SerializedChunks,
  type SerializedDossier,
  serializeDossier,
  serializeDossierChunks,
} from './container';
export { SHA256_HEX, sha256Hex } from './hash';
export {
  createDossier,
  DOSSIER_SCHEMA_VERSION,
  Dossier,
  DossierKind,
  DossierPart,
  DossierValidationError,
  jsonPart,
  type NewDossierInput,
  type PartInput,
  validateDossier,
} from './model';
export { createUuidV7Generator, isUuidV7, type UuidV7Generator, uuidV7, uuidV7Timestamp } from './uuid-v7';
