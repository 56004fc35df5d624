/**
 * The portrait analysis the device host answers with (run on its portrait worker thread,
 * portrait-worker.ts): one PortraitChecker with the face-mesh landmark provider, on in-thread
 * inference (the models are loaded and warmed once), turning a live preview frame or a final still
 * into the report and one guidance instruction.
 */
import type { PortraitAnalysis } from '../../common/domain';
import {
  FACE_MODEL_MANIFEST,
  guidance,
  MeshLandmarkProvider,
  PortraitChecker,
  type PortraitConfigOverrides,
} from '../../models/face';
import { createInThreadRunner } from '../../models/runtime';

let checker: PortraitChecker | undefined;

/** The station's configured thresholds (config `thresholds.portrait`, passed by main in the environment as JSON). */
function configuredOverrides(raw: string | undefined): PortraitConfigOverrides {
  if (!raw) return {};
  const t = JSON.parse(raw) as {
    minInterEyePx: number;
    maxRollDeg: number;
    maxYawDeg: number;
    maxPitchDeg: number;
  };
  return {
    thresholds: {
      inter_eye_distance: { min: t.minInterEyePx },
      roll: { min: -t.maxRollDeg, max: t.maxRollDeg },
      yaw: { min: -t.maxYawDeg, max: t.maxYawDeg },
      pitch: { min: -t.maxPitchDeg, max: t.maxPitchDeg },
    },
  };
}

function portraitChecker(thresholds: string | undefined): PortraitChecker {
  if (!checker) {
    const runner = createInThreadRunner({ manifests: [FACE_MODEL_MANIFEST] });
    checker = new PortraitChecker({
      runner,
      landmarks: new MeshLandmarkProvider(runner),
      config: configuredOverrides(thresholds),
    });
  }
  return checker;
}

export interface PortraitFrameRequest {
  jpegBase64: string;
  mode: 'live' | 'final';
  frame?: { x: number; y: number; width: number; height: number };
  pixelScale?: number;
}

/** Analyses one frame with this thread's checker (made on first use with `thresholds`). */
export async function analyzeFrame(
  request: PortraitFrameRequest,
  thresholds: string | undefined,
): Promise<PortraitAnalysis> {
  const bytes = Buffer.from(request.jpegBase64, 'base64');
  const report = await portraitChecker(thresholds).check(new Uint8Array(bytes), {
    mode: request.mode === 'live' ? 'live' : 'full',
    ...(request.frame
      ? {
          frame: {
            left: request.frame.x,
            top: request.frame.y,
            width: request.frame.width,
            height: request.frame.height,
          },
        }
      : {}),
    ...(request.pixelScale ? { pixelScale: request.pixelScale } : {}),
  });
  const advice = guidance(report);
  return {
    compliant: report.compliant,
    criteria: report.criteria.map((c) => ({
      id: c.id,
      value: c.value,
      threshold: { ...c.threshold },
      status: c.status,
    })),
    face: report.face
      ? {
          box: { ...report.face.box },
          eyes: { right: { ...report.face.eyes.right }, left: { ...report.face.eyes.left } },
          ied: report.face.ied,
          rollDeg: report.face.rollDeg,
        }
      : null,
    guidance: { code: advice.code, message: advice.message },
    ms: report.ms,
  };
}
