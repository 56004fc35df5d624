/**
 * eSCL ScannerStatus (GET /eSCL/ScannerStatus): the scanner's state (Idle, Processing, Testing,
 * Stopped, Down) and its jobs. Parsed by the driver (self-test, busy detection), written by the
 * simulator.
 */
import { FrameError } from '../../../core/errors';
import { child, childNodes, ESCL_NS, integer, PWG_NS, parseEsclXml, text, xmlEscape } from './xml';

export const SCANNER_STATES = ['Idle', 'Processing', 'Testing', 'Stopped', 'Down'] as const;
export type ScannerState = (typeof SCANNER_STATES)[number];

export interface JobInfo {
  uri: string;
  uuid: string;
  state: string;
  imagesCompleted: number;
  imagesToTransfer: number;
}

export interface ScannerStatus {
  state: ScannerState;
  adfState?: string;
  jobs: JobInfo[];
}

export function parseScannerStatus(bytes: Uint8Array | string): ScannerStatus {
  const root = parseEsclXml(bytes, 'ScannerStatus');
  const state = text(root, 'State');
  const known = SCANNER_STATES.find((s) => s === state);
  if (!known) throw new FrameError('UNEXPECTED', `eSCL scanner state ${String(state).slice(0, 20)} unknown`);
  const jobs = childNodes(child(root, 'Jobs') ?? {}, 'JobInfo').map((j) => ({
    uri: text(j, 'JobUri') ?? '',
    uuid: text(j, 'JobUuid') ?? '',
    state: text(j, 'JobState') ?? '',
    imagesCompleted: integer(j, 'ImagesCompleted') ?? 0,
    imagesToTransfer: integer(j, 'ImagesToTransfer') ?? 0,
  }));
  const adfState = text(root, 'AdfState');
  return { state: known, ...(adfState ? { adfState } : {}), jobs };
}

export function scannerStatusXml(status: ScannerStatus, ageOf: (job: JobInfo) => number = () => 0): string {
  const el = (name: string, value: string | number) => `<${name}>${xmlEscape(String(value))}</${name}>`;
  const jobs = status.jobs
    .map(
      (j) =>
        `<scan:JobInfo>${el('pwg:JobUri', j.uri)}${el('pwg:JobUuid', j.uuid)}${el('scan:Age', ageOf(j))}${el('pwg:ImagesCompleted', j.imagesCompleted)}${el('pwg:ImagesToTransfer', j.imagesToTransfer)}${el('pwg:JobState', j.state)}<pwg:JobStateReasons>${el('pwg:JobStateReason', j.state === 'Completed' ? 'JobCompletedSuccessfully' : 'JobScanning')}</pwg:JobStateReasons></scan:JobInfo>`,
    )
    .join('');
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<scan:ScannerStatus xmlns:scan="${ESCL_NS}" xmlns:pwg="${PWG_NS}">`,
    el('pwg:Version', '2.63'),
    el('pwg:State', status.state),
    `<scan:Jobs>${jobs}</scan:Jobs>`,
    '</scan:ScannerStatus>',
  ].join('');
}
