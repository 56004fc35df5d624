/**
 * The XML reading of eSCL documents (capabilities, scan settings, status): fast-xml-parser with the
 * namespace prefixes dropped (scanners spell `scan:`, `pwg:` or their own), no DOCTYPE (an eSCL
 * document never needs one, and entity expansion is how an XML bomb works), a size bound, and
 * small typed accessors that throw FrameError on anything malformed. Also the escaping of text
 * the simulator writes.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { FrameError } from '../../../core/errors';

export const ESCL_NS = 'http://schemas.hp.com/imaging/escl/2011/05/03';
export const PWG_NS = 'http://www.pwg.org/schemas/2010/12/sm';

/** Largest eSCL XML document accepted (real capabilities documents are 5-40 KiB). */
export const MAX_XML_BYTES = 256 * 1024;

export type XmlNode = { readonly [key: string]: unknown };

const parser = new XMLParser({
  removeNSPrefix: true,
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: true,
  processEntities: true,
  htmlEntities: false,
});

/** Parses an eSCL document and returns its root element `rootName` (prefix ignored). */
export function parseEsclXml(bytes: Uint8Array | string, rootName: string): XmlNode {
  const text = typeof bytes === 'string' ? bytes : Buffer.from(bytes).toString('utf8');
  if (Buffer.byteLength(text) > MAX_XML_BYTES)
    throw new FrameError('TOO_LARGE', `eSCL document over ${MAX_XML_BYTES} bytes`);
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) throw new FrameError('UNEXPECTED', 'eSCL document with a DOCTYPE');
  const valid = XMLValidator.validate(text);
  if (valid !== true) throw new FrameError('BAD_HEADER', `malformed XML: ${valid.err.msg}`);
  let doc: unknown;
  try {
    doc = parser.parse(text);
  } catch (cause) {
    throw new FrameError('BAD_HEADER', `malformed XML: ${(cause as Error).message}`);
  }
  const root = isNode(doc) ? doc[rootName] : undefined;
  if (!isNode(root)) throw new FrameError('UNEXPECTED', `eSCL document is not a ${rootName}`);
  return root;
}

function isNode(x: unknown): x is XmlNode {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** The child elements named `name` (none, one or several), as nodes or texts. */
export function children(node: XmlNode, name: string): unknown[] {
  const v = node[name];
  if (v === undefined) return [];
  return Array.isArray(v) ? v : [v];
}

export function child(node: XmlNode, name: string): XmlNode | undefined {
  const v = children(node, name)[0];
  return isNode(v) ? v : undefined;
}

export function childNodes(node: XmlNode, name: string): XmlNode[] {
  return children(node, name).filter(isNode);
}

/** Text of a child element (a leaf), or undefined. */
export function text(node: XmlNode, name: string): string | undefined {
  const v = children(node, name)[0];
  if (v === undefined) return undefined;
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  if (isNode(v) && typeof v['#text'] === 'string') return v['#text'];
  if (isNode(v) && Object.keys(v).length === 0) return '';
  throw new FrameError('UNEXPECTED', `eSCL element ${name} is not text`);
}

export function texts(node: XmlNode | undefined, name: string): string[] {
  if (!node) return [];
  return children(node, name).map((v) => {
    if (typeof v === 'string') return v;
    throw new FrameError('UNEXPECTED', `eSCL element ${name} is not text`);
  });
}

/** A non-negative integer child (eSCL lengths, resolutions, counts). */
export function integer(node: XmlNode, name: string, max = 1_000_000): number | undefined {
  const t = text(node, name);
  if (t === undefined) return undefined;
  if (!/^\d{1,9}$/.test(t))
    throw new FrameError('UNEXPECTED', `eSCL ${name}: not an integer (${t.slice(0, 20)})`);
  const n = Number(t);
  if (n > max) throw new FrameError('BAD_LENGTH', `eSCL ${name}: ${n} over ${max}`);
  return n;
}

export function requiredInteger(node: XmlNode, name: string, max?: number): number {
  const n = integer(node, name, max);
  if (n === undefined) throw new FrameError('TRUNCATED', `eSCL ${name} missing`);
  return n;
}

/** Escapes text for an XML element. */
export function xmlEscape(value: string): string {
  return value.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}
