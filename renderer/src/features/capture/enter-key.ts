/** A field whose Enter key runs its own check instead of submitting the whole form. */
import type { KeyboardEvent } from 'react';

export const runOnEnter =
  (run: () => void) =>
  (event: KeyboardEvent<HTMLInputElement>): void => {
    if (event.key !== 'Enter') return;
    event.preventDefault();
    run();
  };
