/**
 * NISTCOM: the NIST comment convention stored in a WSQ COM segment ("NIST_COM n" followed by
 * one "KEY value" pair per line). Parses the fields (for the scan resolution, PPI) and builds
 * the comment that NBIS `cwsq` writes.
 */

export const NISTCOM_HEADER = 'NIST_COM';

export type NistcomFields = Array<[key: string, value: string]>;

export function isNistcom(comment: string): boolean {
  return comment.startsWith(NISTCOM_HEADER);
}

/** Key/value pairs of a NISTCOM comment, in order (the NIST_COM count line included). */
export function parseNistcom(comment: string): NistcomFields {
  const fields: NistcomFields = [];
  for (const raw of comment.split('\n')) {
    const line = raw.replace(/\r$/, '');
    if (line.length === 0) continue;
    const m = /^(\S+)\s*(.*)$/.exec(line);
    if (m) fields.push([m[1]!, m[2]!.trim()]);
  }
  return fields;
}

/** PPI field of a NISTCOM comment; null when absent or not a positive integer. */
export function ppiFromNistcom(comment: string): number | null {
  for (const [key, value] of parseNistcom(comment)) {
    if (key === 'PPI') {
      if (!/^\d+$/.test(value)) return null;
      const ppi = Number.parseInt(value, 10);
      return ppi > 0 ? ppi : null;
    }
  }
  return null;
}

/**
 * The NISTCOM comment of an encoded image, as NBIS `combine_wsq_nistcom` + `fet2string` build
 * it: fields from `base` (another NISTCOM, optional) are kept, image attributes overwrite theirs.
 */
export function buildNistcom(
  attrs: { width: number; height: number; ppi: number | null; bitrate: number },
  base: NistcomFields = [],
): string {
  const fields: NistcomFields = base.filter(([k]) => k !== NISTCOM_HEADER).map(([k, v]) => [k, v]);
  const set = (key: string, value: string): void => {
    const existing = fields.find(([k]) => k === key);
    if (existing) existing[1] = value;
    else fields.push([key, value]);
  };
  set('PIX_WIDTH', String(attrs.width));
  set('PIX_HEIGHT', String(attrs.height));
  set('PIX_DEPTH', '8');
  set('PPI', String(attrs.ppi ?? -1));
  set('LOSSY', '1');
  set('COLORSPACE', 'GRAY');
  set('COMPRESSION', 'WSQ');
  set('WSQ_BITRATE', attrs.bitrate.toFixed(6));
  const all: NistcomFields = [[NISTCOM_HEADER, String(fields.length + 1)], ...fields];
  return all.map(([k, v]) => `${k} ${v}`).join('\n');
}
