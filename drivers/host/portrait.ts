/**
 * The device host's portrait service: frames go to one portrait worker thread (portrait-worker.ts,
 * started on the first frame), which answers each with the analysis or a contract error. If the
 * worker dies, the next frame starts a new one.
 */
import type { PortraitAnalysis } from '../../common/domain';
import { ErrorPayload, StationError, TECHNICAL_DETAIL } from '../../common/errors';
import { startWorkerThread } from '../../common/start-worker';
import { type WorkerCalls, workerCalls } from '../../common/worker-calls';
import { deviceHostMessages } from './errors';
import type { PortraitFrameRequest } from './portrait-analysis';

let calls: WorkerCalls<{ request: PortraitFrameRequest }> | undefined;

function portraitWorker(): WorkerCalls<{ request: PortraitFrameRequest }> {
  if (!calls || calls.failed) {
    const worker = startWorkerThread(import.meta.url, 'portrait-worker', {
      thresholds: process.env.RECUEIL_PORTRAIT_THRESHOLDS,
    });
    calls = workerCalls(worker, {
      fromWire: (error) => {
        const payload = ErrorPayload.parse(error);
        return new StationError(payload.code, payload.message, payload.details);
      },
      exited: (code) =>
        new StationError('ANALYSIS_UNAVAILABLE', deviceHostMessages.analysisFailed, {
          [TECHNICAL_DETAIL]: `portrait worker exited (${code})`,
        }),
    });
  }
  return calls;
}

export function analyzePortraitFrame(request: PortraitFrameRequest): Promise<PortraitAnalysis> {
  return portraitWorker().request<PortraitAnalysis>({ request });
}
