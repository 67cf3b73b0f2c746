import { Button, Group, Paper, ScrollArea, Skeleton, Table, Text } from "@mantine/core";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { type ReactNode, useEffect, useState } from "react";
import type { Page } from "../api/types";
import { ProblemAlert } from "./Problem";

export interface Column<T> {
  key: string;
  header: ReactNode;
  render: (row: T) => ReactNode;
  width?: number | string;
  align?: "left" | "right" | "center";
}

interface Props<T> {
  /** Identifies the list and its filters; changing it goes back to the first page. */
  queryKey: readonly unknown[];
  fetchPage: (cursor: string | undefined, signal: AbortSignal) => Promise<Page<T>>;
  columns: Column<T>[];
  rowKey: (row: T) => string;
  empty: ReactNode;
  caption: string;
  skeletonRows?: number;
  /** Called with the time the first page took, for the "time to first result" hint. */
  onTiming?: (ms: number) => void;
}

/** A keyset-paged table: Previous / Next walk cursors; the old page stays while the next loads. */
export function PagedTable<T>({
  queryKey,
  fetchPage,
  columns,
  rowKey,
  empty,
  caption,
  skeletonRows = 10,
  onTiming,
}: Props<T>) {
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const keyText = JSON.stringify(queryKey);
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset paging whenever the filters change
  useEffect(() => setCursors([undefined]), [keyText]);
  const cursor = cursors[cursors.length - 1];
  const query = useQuery({
    queryKey: [...queryKey, "page", cursor ?? null],
    queryFn: async ({ signal }) => {
      const started = performance.now();
      const page = await fetchPage(cursor, signal);
      if (!cursor) onTiming?.(performance.now() - started);
      return page;
    },
    placeholderData: keepPreviousData,
  });
  const rows = query.data?.data ?? [];
  const loadingFirst = query.isPending;
  return (
    <Paper withBorder radius="md">
      <ScrollArea type="auto">
        <Table
          striped
          highlightOnHover
          verticalSpacing="xs"
          miw={640}
          aria-busy={query.isFetching}
          style={{ opacity: query.isPlaceholderData ? 0.6 : 1, transition: "opacity 120ms" }}
        >
          <Table.Caption style={{ captionSide: "top", textAlign: "left" }} className="visually-hidden">
            {caption}
          </Table.Caption>
          <Table.Thead>
            <Table.Tr>
              {columns.map((c) => (
                <Table.Th key={c.key} style={{ width: c.width, textAlign: c.align ?? "left" }} scope="col">
                  {c.header}
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {loadingFirst &&
              Array.from({ length: skeletonRows }, (_, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: placeholder rows have no identity
                <Table.Tr key={i}>
                  {columns.map((c) => (
                    <Table.Td key={c.key}>
                      <Skeleton height={14} radius="sm" />
                    </Table.Td>
                  ))}
                </Table.Tr>
              ))}
            {!loadingFirst &&
              rows.map((row) => (
                <Table.Tr key={rowKey(row)}>
                  {columns.map((c) => (
                    <Table.Td key={c.key} style={{ textAlign: c.align ?? "left" }}>
                      {c.render(row)}
                    </Table.Td>
                  ))}
                </Table.Tr>
              ))}
            {!loadingFirst && !query.isError && rows.length === 0 && (
              <Table.Tr>
                <Table.Td colSpan={columns.length}>
                  <Text c="dimmed" ta="center" py="lg" data-testid="empty">
                    {empty}
                  </Text>
                </Table.Td>
              </Table.Tr>
            )}
          </Table.Tbody>
        </Table>
      </ScrollArea>
      {query.isError && (
        <div style={{ padding: 12 }}>
          <ProblemAlert error={query.error} />
        </div>
      )}
      <Group justify="space-between" p="xs">
        <Text size="sm" c="dimmed">
          Page {cursors.length}
          {query.isFetching && !loadingFirst ? " · loading…" : ""}
        </Text>
        <Group gap="xs">
          <Button
            variant="default"
            size="xs"
            disabled={cursors.length <= 1}
            onClick={() => setCursors((c) => c.slice(0, -1))}
          >
            Previous
          </Button>
          <Button
            variant="default"
            size="xs"
            disabled={!query.data?.next_cursor || query.isPlaceholderData}
            onClick={() => {
              const next = query.data?.next_cursor;
              if (next) setCursors((c) => [...c, next]);
            }}
          >
            Next
          </Button>
        </Group>
      </Group>
    </Paper>
  );
}
