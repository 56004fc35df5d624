/**
 * Test support: realistic sample dossiers of a chosen size, optionally carrying a known marker byte
 * sequence inside the portrait (for plaintext-leak scans). Not used by production code.
 */
import { randomBytes } from 'node:crypto';
import { createDossier, type Dossier, type DossierFactoryOptions, jsonPart } from './model';

export interface SampleOptions extends DossierFactoryOptions {
  /** Total size of the image parts in bytes (default 3 MiB). */
  imageBytes?: number;
  /** Bytes embedded in the middle of the portrait. */
  marker?: Uint8Array;
  stationId?: string;
}

export function sampleDossier(options: SampleOptions = {}): Dossier {
  const imageBytes = options.imageBytes ?? 3 * 1024 * 1024;
  const finger = Math.max(16, Math.floor(imageBytes / 8));
  // Portrait + two fingerprints + signature image add up to imageBytes.
  const portrait = randomBytes(Math.max(64, imageBytes - 3 * finger));
  if (options.marker) portrait.set(options.marker, Math.floor(portrait.length / 2));
  return createDossier(
    {
      kind: 'application',
      stationId: options.stationId ?? 'MAIRIE-75056-01',
      agentId: 'agent-042',
      parts: [
        { name: 'portrait', mediaType: 'image/jpeg', bytes: portrait },
        jsonPart('portrait.quality', { score: 91, compliant: true, failedChecks: [] }),
        { name: 'fingerprint.right-index', mediaType: 'image/png', bytes: randomBytes(finger) },
        { name: 'fingerprint.left-index', mediaType: 'image/png', bytes: randomBytes(finger) },
        jsonPart('fingerprints.quality', {
          fingers: [
            { finger: 'right-index', status: 'captured', nfiq2: 71 },
            { finger: 'left-index', status: 'captured', nfiq2: 64 },
          ],
        }),
        jsonPart('signature.strokes', {
          width: 640,
          height: 200,
          strokes: [
            {
              points: [
                { x: 1, y: 2, t: 0, p: 0.5 },
                { x: 3, y: 4, t: 8, p: 0.6 },
              ],
            },
          ],
        }),
        {
          name: 'signature.image',
          mediaType: 'image/png',
          bytes: randomBytes(Math.max(16, Math.floor(imageBytes / 8))),
        },
        jsonPart('match-result', {
          algorithm: 'test-matcher-1',
          probe: 'portrait',
          reference: 'chip-read',
          score: 0.93,
          threshold: 0.8,
          decision: 'match',
        }),
      ],
    },
    options,
  );
}
