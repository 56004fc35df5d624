/**
 * The 2D-DOC report as the CLI prints it and the identity step shows it: the header, the signed
 * fields with their French labels, the signature status and the verdict (the `recueil 2ddoc verify`
 * contract).
 */
import type { ParsedTwoDDoc } from './parse';
import type { Verification } from './verify';

export interface TwoDDocReport {
  header: {
    version: number;
    authority: string;
    certificate: string;
    issued: string | null;
    signed: string | null;
    type: string;
    typeLabel: string;
    perimeter?: string;
    country?: string;
    encoding: 'text' | 'binary';
  };
  fields: Record<string, string>;
  labels: Record<string, string>;
  truncated: string[];
  unparsedMessage?: string;
  signature: Verification['signature'];
  verdict: Verification['verdict'];
  message: string;
}

export function report(doc: ParsedTwoDDoc, verification: Verification): TwoDDocReport {
  return {
    header: { ...doc.header },
    fields: doc.fields,
    labels: doc.labels,
    truncated: doc.truncated,
    ...(doc.unparsedMessage !== undefined ? { unparsedMessage: doc.unparsedMessage } : {}),
    signature: verification.signature,
    verdict: verification.verdict,
    message: verification.message,
  };
}
