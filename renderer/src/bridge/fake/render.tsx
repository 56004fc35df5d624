/**
 * Renders a component against the fake station, as main.tsx renders the app against the real one
 * (StationProvider), in the test DOM; after each test it unmounts and fails the test if a scripted
 * answer or event was outside the contract. Import it first in a component test (it brings the DOM).
 * Test support only (see station.ts).
 */
import '../../../../test/support/dom';
import { afterEach } from 'node:test';
import { act, cleanup, type RenderResult, render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { StationProvider } from '../context';
import { FakeStation } from './station';

const inUse = new Set<FakeStation>();

afterEach(() => {
  cleanup();
  const problems = [...inUse].flatMap((fake) => fake.problems);
  inUse.clear();
  if (problems.length > 0)
    throw new Error(`the test scripted answers outside the contract:\n${problems.join('\n')}`);
});

/** A fake station whose deliveries to the UI run inside React's act (checked after the test). */
export function fakeStation(): FakeStation {
  const fake = new FakeStation({
    deliver: (work) =>
      act(async () => {
        await work();
      }),
  });
  inUse.add(fake);
  return fake;
}

export interface RenderedWithStation extends RenderResult {
  fake: FakeStation;
}

/** Renders `ui` inside a StationProvider wired to `fake`, then lets the first answers arrive. */
export async function renderWithStation(ui: ReactElement, fake: FakeStation): Promise<RenderedWithStation> {
  const rendered = render(<StationProvider station={fake.station}>{ui}</StationProvider>);
  await fake.settle();
  return { ...rendered, fake };
}
