import type { ComponentChildren } from "preact";

export interface Column<T> {
  header: string;
  cell: (row: T) => ComponentChildren;
  /** e.g. "num" for right-aligned figures, "nowrap". */
  class?: string;
}

/** A dense data table. Clickable rows are reachable with Tab and open with Enter/Space. */
export function DataTable<T>(props: {
  caption: string;
  columns: Column<T>[];
  rows: T[];
  rowKey: (row: T) => string;
  rowTestId?: string;
  onRowClick?: (row: T) => void;
  rowClass?: (row: T) => string;
  empty?: ComponentChildren;
}) {
  const { columns, rows, onRowClick } = props;
  return (
    <div class="table-wrap">
      <table class={onRowClick ? "table clickable" : "table"}>
        {/* The caption names the table for screen readers; it is visually hidden. */}
        <caption class="sr-only">{props.caption}</caption>
        <thead>
          <tr>
            {columns.map((c) => (
              <th scope="col" class={c.class} key={c.header}>
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 ? (
            <tr>
              <td colSpan={columns.length} class="empty">
                {props.empty ?? "Nothing here yet."}
              </td>
            </tr>
          ) : (
            rows.map((row) => (
              <tr
                key={props.rowKey(row)}
                data-testid={props.rowTestId}
                class={props.rowClass?.(row)}
                tabIndex={onRowClick ? 0 : undefined}
                onClick={onRowClick && (() => onRowClick(row))}
                onKeyDown={
                  onRowClick &&
                  ((e) => {
                    // Only the row itself: keys inside a button in the row belong to the button.
                    if (e.target === e.currentTarget && (e.key === "Enter" || e.key === " ")) {
                      e.preventDefault();
                      onRowClick(row);
                    }
                  })
                }
              >
                {columns.map((c) => (
                  <td class={c.class} key={c.header}>
                    {c.cell(row)}
                  </td>
                ))}
              </tr>
            ))
          )}
        </tbody>
      </table>
    </div>
  );
}
