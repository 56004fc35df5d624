/**
 * The counter's scan service: what the 2D barcode reader reads (device host `barcode.scan`
 * events) or the agent types is classified (models/documents/counter-code.ts: a 2D-DOC verified
 * offline against the station's trust list, a pre-application number, a tax-stamp number) and
 * handed to the identity step as `counter.scan` events and the `counter.*` commands (a photo or a
 * scan of the code is decoded in the device host first: `counter.classifyImage`). Scans while
 * no agent session is open are dropped (nobody may see a proof's name and address then); the last
 * scan is kept in memory for the session that read it. Nothing of the content is logged.
 */
import { StationError, unwrap } from '../../../common/errors';
import type { BarcodeScanEvent } from '../../../drivers/host/protocol';
import { classifyCounterCode, type CounterCode as ModelCode } from '../../../models/documents/counter-code';
import { loadTrust, TrustList, TrustListError } from '../../../models/documents/twoddoc';
import type { CounterScan, counterCommands } from '../../contract/counter';
import type { CommandHandlers } from '../../ipc/registry';
import type { WorkflowDeps } from '../workflows/deps';
import type { CounterChecks } from './session-checks';

type Handlers = Pick<
  CommandHandlers,
  Exclude<
    keyof typeof counterCommands,
    'counter.preApplication' | 'counter.appointments' | 'counter.taxStamp'
  >
>;

/** `checks`: where a verified 2D-DOC proof is kept for the application about to start (session-checks.ts). */
export function counterHandlers(
  deps: WorkflowDeps,
  options: { now?: () => Date; checks?: CounterChecks } = {},
): Handlers {
  const { config, device, session, logger, bus } = deps;
  const now = options.now ?? (() => new Date());
  let last: { agentId: string; scan: CounterScan } | undefined;
  let trust: Promise<TrustList> | undefined;

  // Loaded once, at the first code: a list that cannot be used (bad signature, expired, foreign
  // signer) leaves the station verifying against nothing (verdict unknown_certificate), and says so.
  const trustList = () => {
    trust ??= (async () => {
      const source = config.counter.twoDDocTrust;
      if (!source) return TrustList.empty();
      try {
        const pinned = config.counter.twoDDocTrustSigner;
        return await loadTrust(source, pinned ? { pinnedSigner: pinned } : {});
      } catch (error) {
        const code = error instanceof TrustListError ? error.code : 'TRUST_LIST_UNREADABLE';
        logger.error({ err: error, code }, '2D-DOC trust list refused; proofs will be unknown_certificate');
        return TrustList.empty();
      }
    })();
    return trust;
  };

  const classify = async (
    input: Uint8Array | string,
    source: CounterScan['source'],
    symbology: string,
  ): Promise<CounterScan> => {
    const code: ModelCode = classifyCounterCode(input, await trustList(), now());
    return { source, symbology, at: now().toISOString(), code };
  };

  const keep = (agentId: string, scan: CounterScan) => {
    last = { agentId, scan };
    if (scan.code.kind === '2ddoc') options.checks?.record(agentId, 'proof', scan.code.proof);
  };

  device.on('event', (event: string, payload: unknown) => {
    if (event !== 'barcode.scan') return;
    let agentId: string;
    try {
      agentId = session.require('application.capture').agentId;
    } catch {
      logger.info({ event: 'barcode-scan-dropped' }, 'code scanned without an open agent session: dropped');
      return;
    }
    const scan = payload as BarcodeScanEvent;
    void classify(Buffer.from(scan.contentBase64, 'base64'), 'reader', scan.symbology)
      .then((classified) => {
        keep(agentId, classified);
        session.touch();
        logger.info({ event: 'barcode-scan', kind: classified.code.kind }, 'code scanned at the counter');
        bus.publish('counter.scan', classified);
      })
      .catch((error: unknown) => logger.error({ err: error }, 'scanned code could not be classified'));
  });

  return {
    'counter.classify': async ({ text }) => {
      const { agentId } = session.require('application.capture');
      const classified = await classify(text, 'typed', 'typed');
      keep(agentId, classified);
      return classified;
    },
    'counter.classifyImage': async ({ imageBase64 }) => {
      const { agentId } = session.require('application.capture');
      const found = await unwrap(device.call('barcodeDecodeImage', { imageBase64 }, 30000));
      const classified = await classify(
        Buffer.from(found.contentBase64, 'base64'),
        'picture',
        found.symbology,
      );
      keep(agentId, classified);
      return classified;
    },
    'counter.lastScan': () => {
      const { agentId } = session.require('application.capture');
      return last?.agentId === agentId ? last.scan : null;
    },
    'counter.simulateScan': async ({ content, symbology }) => {
      if (config.devices.mode !== 'simulated')
        throw new StationError('FORBIDDEN', 'La simulation est désactivée sur ce poste (matériel réel).');
      return unwrap(device.call('barcodeSimulateScan', { content, symbology }));
    },
  };
}
