/**
 * Signed configuration: the central system signs each configuration version it publishes
 * (`signConfiguration`, reference server) and the station checks one against the central key
 * pinned at enrollment (`verifyConfiguration`) before applying it. A configuration is one kind of
 * central-signed document (central-document.ts, `typ` TYP_CONFIG); its claims are the document
 * (common/domain/config-document.ts). Refusals are CentralDocumentRejected with their stable reason.
 */
import { ConfigDocument } from '../../common/domain/config-document';
import { TYP_CONFIG } from './algorithms';
import {
  type CentralSigner,
  type CentralVerifier,
  signCentralDocument,
  verifyCentralDocument,
} from './central-document';

export function signConfiguration(document: ConfigDocument, key: CentralSigner): Promise<string> {
  return signCentralDocument(TYP_CONFIG, ConfigDocument, document, key);
}

/** The document if `jws` is a configuration signed by the pinned central key; else throws CentralDocumentRejected. */
export function verifyConfiguration(jws: string, central: CentralVerifier): Promise<ConfigDocument> {
  return verifyCentralDocument(jws, TYP_CONFIG, ConfigDocument, central);
}
