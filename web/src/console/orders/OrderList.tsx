import { Anchor, Badge, Group, SegmentedControl, Select, Stack, Text, TextInput } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { useEffect, useRef, useState } from "react";
import { Link, useSearchParams } from "react-router";
import { api } from "../../api/client";
import type { HoldType, OrderStatus, OrderSummary, Page } from "../../api/types";
import { humanize, money, statusColor, when } from "../../ui/format";
import { PagedTable } from "../../ui/PagedTable";
import { PageHeader } from "../../ui/PageHeader";
import { useChannels } from "../reference";
import { detectKind, type SearchKind, searchQuery } from "./search";

const STATUSES: OrderStatus[] = [
  "draft",
  "open",
  "backordered",
  "partially_shipped",
  "shipped",
  "delivered",
  "returned",
  "cancelled",
];
const HOLDS: Array<HoldType | "any"> = [
  "any",
  "fraud",
  "payment",
  "address",
  "manual",
  "inventory",
  "customer_request",
];

export function OrderList() {
  const [params, setParams] = useSearchParams();
  const [text, setText] = useState(params.get("q") ?? "");
  const [kind, setKind] = useState<SearchKind>((params.get("by") as SearchKind) ?? "auto");
  const [debounced] = useDebouncedValue(text, 250);
  const status = params.get("status") ?? "";
  const channel = params.get("channel") ?? "";
  const hold = params.get("hold") ?? "";
  const from = params.get("from") ?? "";
  const to = params.get("to") ?? "";
  const channels = useChannels();
  const input = useRef<HTMLInputElement>(null);
  const [firstResultMs, setFirstResultMs] = useState<number | null>(null);

  useEffect(() => {
    if (params.get("focus")) input.current?.focus();
  }, [params]);
  // Keep the search in the address bar so it can be shared and survives a reload.
  // biome-ignore lint/correctness/useExhaustiveDependencies: only when the search itself changes
  useEffect(() => {
    const next = new URLSearchParams(params);
    next.delete("focus");
    if (debounced.trim()) next.set("q", debounced.trim());
    else next.delete("q");
    if (kind !== "auto") next.set("by", kind);
    else next.delete("by");
    if (next.toString() !== params.toString()) setParams(next, { replace: true });
  }, [debounced, kind]);

  const setFilter = (key: string, value: string | null) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };
  const query = {
    ...searchQuery(debounced, kind),
    status: (status || undefined) as OrderStatus | undefined,
    channel: channel || undefined,
    hold: (hold || undefined) as HoldType | "any" | undefined,
    // Whole local days: from the start of `from` to the end of `to`.
    created_from: from ? new Date(`${from}T00:00:00`).toISOString() : undefined,
    created_to: to ? new Date(new Date(`${to}T00:00:00`).getTime() + 86_400_000).toISOString() : undefined,
  };
  const detected = kind === "auto" ? detectKind(text) : kind;
  return (
    <Stack gap="md">
      <PageHeader
        title="Orders"
        subtitle="Search by order number, e-mail, customer name or SKU — press / anywhere to come here"
      />
      <Group align="flex-end" wrap="wrap" gap="sm">
        <TextInput
          ref={input}
          label="Search orders"
          placeholder="#10042, jane@example.com, Jane Doe, TEE-BLA-M"
          value={text}
          onChange={(e) => setText(e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key === "Escape") setText("");
          }}
          style={{ flex: "1 1 280px" }}
          type="search"
          rightSectionWidth={90}
          rightSection={
            detected ? (
              <Badge size="sm" variant="light" data-testid="search-kind">
                {detected}
              </Badge>
            ) : null
          }
        />
        <SegmentedControl
          aria-label="Search by"
          size="sm"
          value={kind}
          onChange={(v) => setKind(v as SearchKind)}
          data={[
            { value: "auto", label: "Auto" },
            { value: "number", label: "Number" },
            { value: "email", label: "E-mail" },
            { value: "name", label: "Name" },
            { value: "sku", label: "SKU" },
          ]}
        />
      </Group>
      <Group gap="sm" wrap="wrap">
        <Select
          label="Status"
          placeholder="Any status"
          clearable
          data={STATUSES.map((s) => ({ value: s, label: humanize(s) }))}
          value={status || null}
          onChange={(v) => setFilter("status", v)}
          w={190}
        />
        <Select
          label="Channel"
          placeholder="Any channel"
          clearable
          data={channels.options}
          value={channel || null}
          onChange={(v) => setFilter("channel", v)}
          w={190}
        />
        <Select
          label="Hold"
          placeholder="Held or not"
          clearable
          data={HOLDS.map((h) => ({ value: h, label: h === "any" ? "On hold (any)" : humanize(h) }))}
          value={hold || null}
          onChange={(v) => setFilter("hold", v)}
          w={190}
        />
        <TextInput
          label="Created from"
          type="date"
          value={from}
          onChange={(e) => setFilter("from", e.currentTarget.value)}
          w={170}
        />
        <TextInput
          label="Created to"
          type="date"
          value={to}
          onChange={(e) => setFilter("to", e.currentTarget.value)}
          w={170}
        />
      </Group>
      <PagedTable<OrderSummary>
        caption="Orders, newest first"
        queryKey={["orders", query]}
        fetchPage={(cursor, signal) =>
          api.get<Page<OrderSummary>>("/v1/orders", { ...query, cursor, limit: 50 }, signal)
        }
        onTiming={setFirstResultMs}
        rowKey={(o) => o.id}
        empty={
          debounced || status || channel || hold || from || to
            ? "No orders match this search"
            : "No orders yet"
        }
        columns={[
          {
            key: "number",
            header: "Order",
            width: 100,
            render: (o) => (
              <Anchor component={Link} to={`/orders/${o.id}`} fw={600}>
                #{o.number}
              </Anchor>
            ),
          },
          { key: "placed", header: "Placed", render: (o) => when(o.placed_at ?? o.created_at), width: 170 },
          {
            key: "customer",
            header: "Customer",
            render: (o) => (
              <div>
                <Text size="sm">{o.customer_name ?? "—"}</Text>
                <Text size="xs" c="dimmed">
                  {o.email}
                </Text>
              </div>
            ),
          },
          { key: "channel", header: "Channel", render: (o) => channels.name(o.channel_id) },
          {
            key: "status",
            header: "Status",
            render: (o) => (
              <Group gap={4} wrap="nowrap">
                <Badge color={statusColor(o.status)} variant="light">
                  {humanize(o.status)}
                </Badge>
                {o.on_hold && (
                  <Badge color="orange" variant="filled">
                    On hold
                  </Badge>
                )}
              </Group>
            ),
          },
          {
            key: "total",
            header: "Total",
            align: "right",
            render: (o) => <span className="num">{money(o.totals.grand_total, o.currency)}</span>,
          },
        ]}
      />
      <Text size="xs" c="dimmed" data-testid="first-result-time">
        {firstResultMs !== null ? `First page in ${Math.round(firstResultMs)} ms` : "\u00a0"}
      </Text>
    </Stack>
  );
}
