/** Public surface of the project's test PKI (demo provisioning and tests). */
export {
  type CertificateAuthority,
  commonNameOf,
  createTestCa,
  DAY_MS,
  type IssuedCertificate,
  type IssueRequest,
  loadCa,
} from './certificates';
export { CsrError, type CsrWithKey, createCsr, type IssuedFromCsr, issueFromCsr } from './csr';
