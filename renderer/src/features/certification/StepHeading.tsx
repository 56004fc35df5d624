/** A step's heading, focused when the step appears so that keyboard and screen-reader users follow. */
import { type ReactNode, useEffect, useRef } from 'react';

export function StepHeading({ id, children }: { id: string; children: ReactNode }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  return (
    <h2 id={id} ref={ref} tabIndex={-1}>
      {children}
    </h2>
  );
}
