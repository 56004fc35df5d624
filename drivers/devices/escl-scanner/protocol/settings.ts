/**
 * eSCL ScanSettings (the body of POST /eSCL/ScanJobs): one platen region in 1/300 inch, colour
 * mode, resolution and document format. The driver writes it; the simulator parses what a client
 * (the driver, sane-airscan) sends, and checks it against the capabilities (409 when not served).
 */
import { FrameError } from '../../../core/errors';
import type { ScannerCapabilities } from './capabilities';
import {
  child,
  childNodes,
  ESCL_NS,
  integer,
  PWG_NS,
  parseEsclXml,
  requiredInteger,
  text,
  xmlEscape,
} from './xml';

export interface ScanRegion {
  /** 1/300 inch. */
  xOffset: number;
  yOffset: number;
  width: number;
  height: number;
}

export interface ScanSettings {
  version: string;
  intent?: string;
  inputSource: string;
  colorMode: string;
  documentFormat: string;
  xResolution: number;
  yResolution: number;
  /** Absent: the whole platen. */
  region?: ScanRegion;
}

export function scanSettingsXml(settings: ScanSettings): string {
  const el = (name: string, value: string | number) => `<${name}>${xmlEscape(String(value))}</${name}>`;
  const r = settings.region;
  const region = r
    ? `<pwg:ScanRegions><pwg:ScanRegion>${el('pwg:ContentRegionUnits', 'escl:ThreeHundredthsOfInches')}${el('pwg:XOffset', r.xOffset)}${el('pwg:YOffset', r.yOffset)}${el('pwg:Width', r.width)}${el('pwg:Height', r.height)}</pwg:ScanRegion></pwg:ScanRegions>`
    : '';
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<scan:ScanSettings xmlns:scan="${ESCL_NS}" xmlns:pwg="${PWG_NS}">`,
    el('pwg:Version', settings.version),
    settings.intent ? el('scan:Intent', settings.intent) : '',
    region,
    el('pwg:InputSource', settings.inputSource),
    el('scan:ColorMode', settings.colorMode),
    el('pwg:DocumentFormat', settings.documentFormat),
    el('scan:DocumentFormatExt', settings.documentFormat),
    el('scan:XResolution', settings.xResolution),
    el('scan:YResolution', settings.yResolution),
    '</scan:ScanSettings>',
  ].join('');
}

export function parseScanSettings(bytes: Uint8Array | string): ScanSettings {
  const root = parseEsclXml(bytes, 'ScanSettings');
  const regionNode = childNodes(child(root, 'ScanRegions') ?? {}, 'ScanRegion')[0];
  let region: ScanRegion | undefined;
  if (regionNode) {
    const units = text(regionNode, 'ContentRegionUnits') ?? 'escl:ThreeHundredthsOfInches';
    if (!units.endsWith('ThreeHundredthsOfInches'))
      throw new FrameError('UNEXPECTED', `eSCL region units ${units.slice(0, 40)} not supported`);
    region = {
      xOffset: integer(regionNode, 'XOffset') ?? 0,
      yOffset: integer(regionNode, 'YOffset') ?? 0,
      width: requiredInteger(regionNode, 'Width'),
      height: requiredInteger(regionNode, 'Height'),
    };
  }
  const x = integer(root, 'XResolution', 9600) ?? 300;
  const intent = text(root, 'Intent');
  return {
    version: text(root, 'Version') ?? '2.0',
    ...(intent ? { intent } : {}),
    inputSource: text(root, 'InputSource') ?? 'Platen',
    colorMode: text(root, 'ColorMode') ?? 'RGB24',
    documentFormat: text(root, 'DocumentFormatExt') ?? text(root, 'DocumentFormat') ?? 'image/jpeg',
    xResolution: x,
    yResolution: integer(root, 'YResolution', 9600) ?? x,
    ...(region ? { region } : {}),
  };
}

/** Why a scanner would refuse these settings (HTTP 409), or undefined when it serves them. */
export function settingsConflict(settings: ScanSettings, caps: ScannerCapabilities): string | undefined {
  const p = caps.platen;
  if (settings.inputSource !== 'Platen') return `input source ${settings.inputSource} not available`;
  if (!p.colorModes.includes(settings.colorMode)) return `colour mode ${settings.colorMode} not supported`;
  if (!p.documentFormats.includes(settings.documentFormat))
    return `document format ${settings.documentFormat} not supported`;
  if (settings.xResolution !== settings.yResolution || !p.resolutions.includes(settings.xResolution))
    return `resolution ${settings.xResolution}x${settings.yResolution} not supported`;
  const r = settings.region;
  if (r) {
    if (r.width < p.minWidth || r.height < p.minHeight) return 'scan region under the minimum size';
    if (r.xOffset + r.width > p.maxWidth || r.yOffset + r.height > p.maxHeight)
      return 'scan region beyond the platen';
  }
  return undefined;
}
