/**
 * The device host's portrait service: one PortraitChecker on an inference worker thread (the models
 * are loaded and warmed once; inference never blocks the host's RPC loop), with the face-mesh
 * landmark provider on the same worker, answering live preview frames and final stills with the
 * report and one guidance instruction.
 */
import type { PortraitAnalysis } from '../../common/domain';
import {
  FACE_MODEL_MANIFEST,
  guidance,
  MeshLandmarkProvider,
  PortraitChecker,
  type PortraitConfigOverrides,
} from '../../models/face';
import { createInferenceWorker } from '../../models/runtime';

let checker: PortraitChecker | undefined;

/** The station's configured thresholds (config `thresholds.portrait`), passed by main in the environment. */
function configuredOverrides(): PortraitConfigOverrides {
  const raw = process.env.RECUEIL_PORTRAIT_THRESHOLDS;
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

function portraitChecker(): PortraitChecker {
  if (!checker) {
    const runner = createInferenceWorker({ manifests: [FACE_MODEL_MANIFEST] });
    checker = new PortraitChecker({
      runner,
      landmarks: new MeshLandmarkProvider(runner),
      config: configuredOverrides(),
    });
  }
  return checker;
}

export async function analyzePortraitFrame(request: {
  jpegBase64: string;
  mode: 'live' | 'final';
  frame?: { x: number; y: number; width: number; height: number };
  pixelScale?: number;
}): Promise<PortraitAnalysis> {
  const bytes = Buffer.from(request.jpegBase64, 'base64');
  const report = await portraitChecker().check(new Uint8Array(bytes), {
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
