/**
 * eSCL ScannerCapabilities (GET /eSCL/ScannerCapabilities): what a flatbed can do — make and
 * model, the platen's size limits (in eSCL's 1/300 inch units), colour modes, document formats and
 * discrete resolutions. `parseCapabilities` reads what a scanner sends; `capabilitiesXml` writes the
 * simulator's document in the shape real AirScan scanners use (scan:/pwg: namespaces).
 */
import { FrameError } from '../../../core/errors';
import {
  child,
  childNodes,
  ESCL_NS,
  integer,
  PWG_NS,
  parseEsclXml,
  requiredInteger,
  text,
  texts,
  xmlEscape,
} from './xml';

/** eSCL's length unit: 1/300 inch. */
export const ESCL_UNITS_PER_INCH = 300;
export const MM_PER_INCH = 25.4;

export type ColorMode = 'RGB24' | 'Grayscale8' | 'BlackAndWhite1' | 'RGB48' | 'Grayscale16';

export interface PlatenCapabilities {
  /** Size limits of a scan region, 1/300 inch. */
  minWidth: number;
  maxWidth: number;
  minHeight: number;
  maxHeight: number;
  colorModes: string[];
  documentFormats: string[];
  /** Discrete resolutions (x = y), dpi, ascending. */
  resolutions: number[];
  maxOpticalResolution?: number;
}

export interface ScannerCapabilities {
  version: string;
  makeAndModel: string;
  serialNumber?: string;
  uuid?: string;
  platen: PlatenCapabilities;
}

const MAX_LENGTH_UNITS = 300 * 100; // 100 inches
const MAX_DPI = 9600;

export function parseCapabilities(bytes: Uint8Array | string): ScannerCapabilities {
  const root = parseEsclXml(bytes, 'ScannerCapabilities');
  const caps = child(child(root, 'Platen') ?? {}, 'PlatenInputCaps');
  if (!caps) throw new FrameError('UNEXPECTED', 'eSCL scanner has no platen (flatbed) input');
  const colorModes = new Set<string>();
  const formats = new Set<string>();
  const resolutions = new Set<number>();
  for (const profile of childNodes(child(caps, 'SettingProfiles') ?? {}, 'SettingProfile')) {
    for (const m of texts(child(profile, 'ColorModes'), 'ColorMode')) colorModes.add(m);
    const docs = child(profile, 'DocumentFormats');
    for (const f of [...texts(docs, 'DocumentFormat'), ...texts(docs, 'DocumentFormatExt')]) formats.add(f);
    const discrete = child(child(profile, 'SupportedResolutions') ?? {}, 'DiscreteResolutions');
    for (const r of childNodes(discrete ?? {}, 'DiscreteResolution')) {
      const x = requiredInteger(r, 'XResolution', MAX_DPI);
      const y = requiredInteger(r, 'YResolution', MAX_DPI);
      if (x === y && x > 0) resolutions.add(x);
    }
  }
  const platen: PlatenCapabilities = {
    minWidth: requiredInteger(caps, 'MinWidth', MAX_LENGTH_UNITS),
    maxWidth: requiredInteger(caps, 'MaxWidth', MAX_LENGTH_UNITS),
    minHeight: requiredInteger(caps, 'MinHeight', MAX_LENGTH_UNITS),
    maxHeight: requiredInteger(caps, 'MaxHeight', MAX_LENGTH_UNITS),
    colorModes: [...colorModes],
    documentFormats: [...formats],
    resolutions: [...resolutions].sort((a, b) => a - b),
  };
  if (platen.maxWidth < platen.minWidth || platen.maxHeight < platen.minHeight || platen.maxWidth === 0)
    throw new FrameError('BAD_LENGTH', 'eSCL platen size limits are inconsistent');
  const optical = integer(caps, 'MaxOpticalXResolution', MAX_DPI);
  if (optical !== undefined) platen.maxOpticalResolution = optical;
  const serialNumber = text(root, 'SerialNumber');
  const uuid = text(root, 'UUID');
  return {
    version: text(root, 'Version') ?? '',
    makeAndModel: text(root, 'MakeAndModel') ?? '',
    ...(serialNumber ? { serialNumber } : {}),
    ...(uuid ? { uuid } : {}),
    platen,
  };
}

export function capabilitiesXml(caps: ScannerCapabilities): string {
  const p = caps.platen;
  const el = (name: string, value: string | number) => `<${name}>${xmlEscape(String(value))}</${name}>`;
  const resolutions = p.resolutions
    .map(
      (r) =>
        `<scan:DiscreteResolution>${el('scan:XResolution', r)}${el('scan:YResolution', r)}</scan:DiscreteResolution>`,
    )
    .join('');
  const formats = p.documentFormats
    .map((f) => `${el('pwg:DocumentFormat', f)}${el('scan:DocumentFormatExt', f)}`)
    .join('');
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<scan:ScannerCapabilities xmlns:scan="${ESCL_NS}" xmlns:pwg="${PWG_NS}">`,
    el('pwg:Version', caps.version),
    el('pwg:MakeAndModel', caps.makeAndModel),
    caps.serialNumber ? el('pwg:SerialNumber', caps.serialNumber) : '',
    caps.uuid ? el('scan:UUID', caps.uuid) : '',
    '<scan:Platen><scan:PlatenInputCaps>',
    el('scan:MinWidth', p.minWidth),
    el('scan:MaxWidth', p.maxWidth),
    el('scan:MinHeight', p.minHeight),
    el('scan:MaxHeight', p.maxHeight),
    el('scan:MaxScanRegions', 1),
    '<scan:SettingProfiles><scan:SettingProfile>',
    `<scan:ColorModes>${p.colorModes.map((m) => el('scan:ColorMode', m)).join('')}</scan:ColorModes>`,
    `<scan:DocumentFormats>${formats}</scan:DocumentFormats>`,
    `<scan:SupportedResolutions><scan:DiscreteResolutions>${resolutions}</scan:DiscreteResolutions></scan:SupportedResolutions>`,
    '<scan:ColorSpaces><scan:ColorSpace>RGB</scan:ColorSpace></scan:ColorSpaces>',
    '</scan:SettingProfile></scan:SettingProfiles>',
    '<scan:SupportedIntents><scan:Intent>Document</scan:Intent><scan:Intent>Photo</scan:Intent><scan:Intent>Preview</scan:Intent></scan:SupportedIntents>',
    p.maxOpticalResolution ? el('scan:MaxOpticalXResolution', p.maxOpticalResolution) : '',
    p.maxOpticalResolution ? el('scan:MaxOpticalYResolution', p.maxOpticalResolution) : '',
    '<scan:RiskyLeftMargin>0</scan:RiskyLeftMargin><scan:RiskyRightMargin>0</scan:RiskyRightMargin>',
    '<scan:RiskyTopMargin>0</scan:RiskyTopMargin><scan:RiskyBottomMargin>0</scan:RiskyBottomMargin>',
    '</scan:PlatenInputCaps></scan:Platen>',
    '</scan:ScannerCapabilities>',
  ].join('');
}

export function mmToUnits(mm: number): number {
  return Math.round((mm / MM_PER_INCH) * ESCL_UNITS_PER_INCH);
}

export function unitsToMm(units: number): number {
  return (units / ESCL_UNITS_PER_INCH) * MM_PER_INCH;
}
