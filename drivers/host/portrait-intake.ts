/**
 * The device host's side of the portrait intakes that bring a photo already printed or deposited
 * (issue 18 B and C): a flatbed scan of a paper photo (models/scan: found, deskewed, cropped to the
 * ISO token, portrait and scan criteria) and an e-photo record's portrait (already a token). Both
 * are judged with ISO token sizes; the token JPEG goes back to main in memory, for the sealed draft.
 */
import type { PortraitAnalysis } from '../../common/domain';
import {
  checkPortrait,
  type FaceReport,
  guidance,
  ISO_TOKEN_PORTRAIT_CONFIG,
  PortraitInputError,
} from '../../models/face';
import { encodeToken, ScanInputError, scanPortrait } from '../../models/scan';
import type { DeviceHandlers } from './host-context';

interface AnyReport {
  readonly compliant: boolean;
  readonly criteria: readonly {
    id: string;
    value: number | null;
    threshold: { min?: number; max?: number };
    status: 'ok' | 'nok' | 'not_assessed';
  }[];
  readonly face: FaceReport | null;
  readonly ms: number;
}

/** The wire's analysis of a report, with one French instruction as its guidance. */
function analysisOf(report: AnyReport, advice: { code: string; message: string }): PortraitAnalysis {
  const face = report.face;
  return {
    compliant: report.compliant,
    criteria: report.criteria.map(({ id, value, threshold, status }) => ({
      id,
      value,
      threshold: { ...threshold },
      status,
    })),
    face: face
      ? {
          box: { ...face.box },
          eyes: { right: { ...face.eyes.right }, left: { ...face.eyes.left } },
          ied: face.ied,
          rollDeg: face.rollDeg,
        }
      : null,
    guidance: advice,
    ms: report.ms,
  };
}

export function portraitIntakeHandlers(): DeviceHandlers<'portraitScan' | 'portraitToken'> {
  return {
    async portraitScan({ imageBase64 }) {
      try {
        const result = await scanPortrait(new Uint8Array(Buffer.from(imageBase64, 'base64')));
        const { report } = result;
        return {
          outcome: 'analysed',
          analysis: analysisOf(report, { code: 'scan', message: result.instruction }),
          tokenJpegBase64: result.token ? (await encodeToken(result.token)).toString('base64') : null,
          instruction: result.instruction,
          skewDegrees: result.skewDegrees,
          dpi: result.dpi,
        };
      } catch (error) {
        if (error instanceof ScanInputError) return { outcome: 'refused', message: error.messageFr };
        throw error;
      }
    },
    async portraitToken({ jpegBase64 }) {
      try {
        const report = await checkPortrait(
          new Uint8Array(Buffer.from(jpegBase64, 'base64')),
          ISO_TOKEN_PORTRAIT_CONFIG,
        );
        return {
          outcome: 'analysed',
          analysis: analysisOf(report, guidance(report)),
        };
      } catch (error) {
        if (error instanceof PortraitInputError)
          return { outcome: 'refused', message: 'La photo reçue est illisible : utilisez une autre source.' };
        throw error;
      }
    },
  };
}
