/** 2D-DOC (ANTS signed barcodes on proofs): parse, verify against the trust list, report. */
export { decodeC40, encodeC40 } from './c40';
export { documentTypes, fieldDictionary } from './dictionary';
export { encodeTwoDDoc, encodeTwoDDocMessage, type TwoDDocContent } from './encode';
export { TwoDDocError, type TwoDDocErrorCode } from './errors';
export { GS, type ParsedTwoDDoc, parseTwoDDoc, RS, type TwoDDocHeader, US } from './parse';
export { report, type TwoDDocReport } from './report';
export {
  loadSignedTrustList,
  loadTrust,
  loadTrustDirectory,
  signerFingerprint,
  signTrustList,
  TrustList,
  TrustListError,
  type TrustListPayload,
} from './trust';
export { type Verification, verifyTwoDDoc } from './verify';
