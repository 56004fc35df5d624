/**
 * The DSFR table frame (wrapper, scroll container, caption, column headings) around a feature's rows: each
 * screen writes only its `<tr>`s. react-dsfr's own `Table` takes cells, not rows, so rows could not carry the
 * data attributes the screens and their tests rely on.
 */
import type { ReactNode } from 'react';

export interface DataTableProps {
  caption: ReactNode;
  /** Column headings, left to right (each a distinct text). */
  headers: readonly string[];
  /** The rows: `<tr>` elements. */
  children: ReactNode;
  /** DSFR modifiers and spacing added to `fr-table` (e.g. `fr-table--sm fr-mt-2w`). */
  className?: string;
  testId?: string;
  /**
   * When set, the scroll container is a region with this name that takes keyboard focus: for tables whose
   * columns may overflow (WCAG 2.1.1).
   */
  scrollRegionLabel?: string;
}

export function DataTable({
  caption,
  headers,
  children,
  className,
  testId,
  scrollRegionLabel,
}: DataTableProps) {
  const content = (
    <div className="fr-table__content">
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            {headers.map((header) => (
              <th key={header} scope="col">
                {header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
  return (
    <div className={className ? `fr-table ${className}` : 'fr-table'} data-testid={testId}>
      <div className="fr-table__wrapper">
        {scrollRegionLabel ? (
          // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must take focus (WCAG 2.1.1)
          <section className="fr-table__container" tabIndex={0} aria-label={scrollRegionLabel}>
            {content}
          </section>
        ) : (
          <div className="fr-table__container">{content}</div>
        )}
      </div>
    </div>
  );
}
