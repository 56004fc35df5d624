/**
 * FVC comparison protocol over a set of fingers x impressions: genuine pairs (all
 * impression pairs of each finger), FVC impostor pairs (first impression of each finger
 * against the first of every other) and all cross-finger impostor pairs.
 */

export interface Sample {
  readonly finger: number;
  readonly impression: number;
}

export type Pair = readonly [number, number];

export interface ProtocolPairs {
  readonly genuine: Pair[];
  readonly impostorFvc: Pair[];
  readonly impostorAll: Pair[];
}

/** Pairs of sample indices (i < j) under the FVC protocol. */
export function fvcPairs(samples: readonly Sample[]): ProtocolPairs {
  const genuine: Pair[] = [];
  const impostorFvc: Pair[] = [];
  const impostorAll: Pair[] = [];
  const firstImpression = new Map<number, number>();
  for (const s of samples) {
    const cur = firstImpression.get(s.finger);
    if (cur === undefined || s.impression < cur) firstImpression.set(s.finger, s.impression);
  }
  for (let i = 0; i < samples.length; i++) {
    for (let j = i + 1; j < samples.length; j++) {
      const a = samples[i]!;
      const b = samples[j]!;
      if (a.finger === b.finger) {
        genuine.push([i, j]);
        continue;
      }
      impostorAll.push([i, j]);
      if (a.impression === firstImpression.get(a.finger) && b.impression === firstImpression.get(b.finger)) {
        impostorFvc.push([i, j]);
      }
    }
  }
  return { genuine, impostorFvc, impostorAll };
}

/** Parses FVC file names "101_3.tif" into finger 101, impression 3. */
export function parseFvcName(name: string): Sample | undefined {
  const m = /^(\d+)_(\d+)\.(tif|tiff|png|bmp)$/i.exec(name);
  if (!m) return undefined;
  return { finger: Number(m[1]), impression: Number(m[2]) };
}
