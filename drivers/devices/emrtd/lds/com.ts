/**
 * EF.COM (ICAO 9303-10 §4.6.1): LDS version, Unicode version and the list of data-group tags present.
 */
import { FrameError } from '../../../core/errors';
import { children, expectTlv, findTlv } from '../tlv/tlv';
import { dataGroupOfTag } from './files';

export interface EfCom {
  ldsVersion: string;
  unicodeVersion: string;
  /** Data-group numbers announced (tags in 5C mapped to DG numbers; unknown tags dropped). */
  dataGroups: number[];
}

const ascii = (b: Uint8Array) => String.fromCharCode(...b);

export function parseCom(bytes: Uint8Array): EfCom {
  const outer = expectTlv(bytes, 0x60, 'EF.COM');
  const items = children(outer);
  const version = findTlv(items, 0x5f01);
  const unicode = findTlv(items, 0x5f36);
  const list = findTlv(items, 0x5c);
  if (!list) throw new FrameError('UNEXPECTED', 'EF.COM: no tag list (5C)');
  const dataGroups: number[] = [];
  for (const tag of list.value) {
    const dg = dataGroupOfTag(tag);
    if (dg !== undefined) dataGroups.push(dg);
  }
  return {
    ldsVersion: version ? ascii(version.value) : '',
    unicodeVersion: unicode ? ascii(unicode.value) : '',
    dataGroups,
  };
}
