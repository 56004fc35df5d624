/**
 * The LDS file table (ICAO 9303-10 §4.6): FIDs, short file identifiers, outer tags and data-group
 * numbers, and the file names used on disk (`EF_COM.bin`, `Datagroup1.bin`, `ef0101.bin`...).
 */
export interface LdsFileInfo {
  /** Short name: 'COM', 'SOD', 'DG1'..'DG16', 'CVCA', 'CardAccess', 'CardSecurity'. */
  name: string;
  fid: number;
  sfi: number;
  tag: number;
  /** Data-group number for DG1-DG16. */
  dg?: number;
  /** In the eMRTD application (true) or the master file (false). */
  inApplication: boolean;
}

const dgTags = [
  0x61, 0x75, 0x63, 0x76, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6a, 0x6b, 0x6c, 0x6d, 0x6e, 0x6f, 0x70,
];

export const ldsFiles: LdsFileInfo[] = [
  { name: 'COM', fid: 0x011e, sfi: 0x1e, tag: 0x60, inApplication: true },
  { name: 'SOD', fid: 0x011d, sfi: 0x1d, tag: 0x77, inApplication: true },
  { name: 'CVCA', fid: 0x011c, sfi: 0x1c, tag: 0x42, inApplication: true },
  ...dgTags.map((tag, i) => ({
    name: `DG${i + 1}`,
    fid: 0x0101 + i,
    sfi: i + 1,
    tag,
    dg: i + 1,
    inApplication: true,
  })),
];

export const cardAccessFile: LdsFileInfo = {
  name: 'CardAccess',
  fid: 0x011c,
  sfi: 0x1c,
  tag: 0x31,
  inApplication: false,
};

export function dataGroupFile(dg: number): LdsFileInfo {
  const info = ldsFiles.find((f) => f.dg === dg);
  if (!info) throw new RangeError(`no data group ${dg}`);
  return info;
}

export function dataGroupOfTag(tag: number): number | undefined {
  const i = dgTags.indexOf(tag);
  return i < 0 ? undefined : i + 1;
}

/**
 * Recognises an LDS file name: EF_COM.bin, EF_SOD.bin, EF.CVCA.bin, Datagroup1.bin, DG1.bin,
 * dg14.bin, ef0101.bin, EF011D.bin (case-insensitive; `.bin`, `.der` or no extension). The FIDs of
 * the application are meant: 011C is EF.CVCA there (EF.CardAccess lives in the MF: name it
 * `EF_CardAccess.bin`).
 */
export function ldsFileOfName(fileName: string): LdsFileInfo | undefined {
  const base = fileName.replace(/\.(bin|der|dat)$/i, '');
  const lower = base.toLowerCase();
  let m = /^(?:ef[_.-]?)?(com|sod|cvca)$/.exec(lower);
  if (m) return ldsFiles.find((f) => f.name === m![1]!.toUpperCase());
  if (/^(?:ef[_.-]?)?card_?access$/.test(lower)) return cardAccessFile;
  m = /^(?:ef[_.-]?)?(?:datagroup|dg)[_.-]?(\d{1,2})$/.exec(lower);
  if (m) {
    const dg = Number(m[1]);
    return dg >= 1 && dg <= 16 ? dataGroupFile(dg) : undefined;
  }
  m = /^ef[_.-]?([0-9a-f]{4})$/.exec(lower);
  if (m) {
    const fid = Number.parseInt(m[1]!, 16);
    return ldsFiles.find((f) => f.fid === fid);
  }
  return undefined;
}
