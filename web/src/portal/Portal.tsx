import {
  Anchor,
  Badge,
  Box,
  Button,
  Container,
  Divider,
  Group,
  Paper,
  Stack,
  Table,
  Text,
  TextInput,
  Timeline,
  Title,
} from "@mantine/core";
import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useEffect, useState } from "react";
import { useSearchParams } from "react-router";
import { api } from "../api/client";
import type { TrackingView } from "../api/types";
import { day, humanize, money, statusColor, when } from "../ui/format";
import { ProblemAlert } from "../ui/Problem";
import { ContactUs } from "./ContactUs";
import { PackageTracking } from "./PackageTracking";
import { ReturnItems } from "./ReturnItems";

/** The customer's tracking pages: a package by its tracking number, or an order by number + e-mail. */
export default function Portal() {
  const [params] = useSearchParams();
  const trackingNumber = params.get("tracking_number");
  return trackingNumber ? <PackageTracking trackingNumber={trackingNumber} /> : <OrderLookup />;
}

/** The customer's order tracking page: order number + e-mail, nothing else to know. */
function OrderLookup() {
  const [params, setParams] = useSearchParams();
  const [number, setNumber] = useState(params.get("number") ?? params.get("order") ?? "");
  const [email, setEmail] = useState(params.get("email") ?? "");
  const lookup = useMutation({
    mutationFn: (v: { number: string; email: string }) => api.post<TrackingView>("/v1/tracking/lookup", v),
  });
  useEffect(() => {
    document.title = "Track your order";
  }, []);
  // The link in the customer's e-mail carries both: look up at once.
  // biome-ignore lint/correctness/useExhaustiveDependencies: only on first load
  useEffect(() => {
    if (number && email) {
      lookup.mutate({ number, email });
      // Keep the e-mail out of the address bar, history and any link shared from here.
      setParams({ number }, { replace: true });
    }
  }, []);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    // The e-mail stays out of the address bar (and out of shared links and logs).
    setParams(number ? { number } : {}, { replace: true });
    lookup.mutate({ number, email });
  };
  const view = lookup.data;
  return (
    <Box bg="gray.0" mih="100vh" py="xl">
      <Container size="sm">
        <Stack>
          <Group justify="space-between">
            <Title order={1} size="h2">
              Track your order
            </Title>
          </Group>
          <Paper withBorder p="lg" radius="md">
            <form onSubmit={submit} aria-label="Find your order">
              <Stack>
                <Group grow align="flex-start" wrap="wrap">
                  <TextInput
                    label="Order number"
                    placeholder="#10042"
                    required
                    miw={180}
                    value={number}
                    onChange={(e) => setNumber(e.currentTarget.value)}
                  />
                  <TextInput
                    label="E-mail used for the order"
                    type="email"
                    autoComplete="email"
                    required
                    miw={220}
                    value={email}
                    onChange={(e) => setEmail(e.currentTarget.value)}
                  />
                </Group>
                <Group>
                  <Button type="submit" loading={lookup.isPending}>
                    Track order
                  </Button>
                </Group>
                <ProblemAlert
                  error={lookup.error}
                  title={
                    (lookup.error as { status?: number } | null)?.status === 404
                      ? "We could not find that order"
                      : undefined
                  }
                />
              </Stack>
            </form>
          </Paper>
          {view && <OrderTracking view={view} />}
          {view && lookup.variables && <ReturnItems proof={lookup.variables} />}
          {view && lookup.variables && <ContactUs proof={lookup.variables} view={view} />}
        </Stack>
      </Container>
    </Box>
  );
}

type TrackedShipment = TrackingView["shipments"][number];

function ShipmentRow({
  shipment: s,
  index,
  count,
  names,
}: {
  shipment: TrackedShipment;
  index: number;
  count: number;
  names: Map<string, string>;
}) {
  return (
    <Paper withBorder p="sm" radius="sm" data-testid={`tracking-shipment-${index}`}>
      <Group justify="space-between" align="flex-start" wrap="wrap">
        <div>
          <Text size="sm" fw={600}>
            {count > 1 ? `Package ${index} of ${count}` : "Package"}
            {s.carrier ? ` · ${s.carrier}` : ""}
          </Text>
          {s.tracking_number && (
            <Text size="sm">
              Tracking number{" "}
              {s.tracking_url ? (
                <Anchor
                  href={s.tracking_url}
                  target="_blank"
                  rel="noopener noreferrer"
                  data-testid="shipment-tracking-number"
                >
                  {s.tracking_number}
                </Anchor>
              ) : (
                <Anchor
                  href={`/track?tracking_number=${encodeURIComponent(s.tracking_number)}`}
                  data-testid="shipment-tracking-number"
                >
                  {s.tracking_number}
                </Anchor>
              )}
            </Text>
          )}
          {s.items.length > 0 && (
            <Text size="xs" c="dimmed">
              {s.items.map((it) => `${it.quantity}× ${names.get(it.sku) ?? it.sku}`).join(", ")}
            </Text>
          )}
        </div>
        <Stack gap={2} align="flex-end">
          <Badge color={statusColor(s.status)} variant="light" data-testid="shipment-status">
            {humanize(s.status)}
          </Badge>
          <Text size="xs" c="dimmed" data-testid="shipment-eta">
            {s.delivered_at
              ? `Delivered ${when(s.delivered_at)}`
              : s.eta
                ? `Arrives ${day(s.eta)}`
                : s.shipped_at
                  ? `Shipped ${when(s.shipped_at)}`
                  : ""}
          </Text>
        </Stack>
      </Group>
    </Paper>
  );
}

function OrderTracking({ view }: { view: TrackingView }) {
  const active = view.steps.filter((s) => s.state === "done" || s.state === "current").length - 1;
  return (
    <Paper withBorder p="lg" radius="md" aria-live="polite" data-testid="tracking">
      <Stack>
        <Group justify="space-between" align="flex-start">
          <div>
            <Title order={2} size="h3">
              Order {view.number}
            </Title>
            <Text size="sm" c="dimmed">
              Placed {when(view.placed_at)}
            </Text>
          </div>
          <Badge size="lg" color={statusColor(view.status)} data-testid="tracking-status">
            {view.status_label}
          </Badge>
        </Group>
        {view.eta && (
          <Text fw={600} data-testid="tracking-eta">
            Estimated delivery: {day(view.eta)}
          </Text>
        )}
        <Timeline active={active} bulletSize={18} lineWidth={2} aria-label="Order progress">
          {view.steps
            .filter((s) => s.state !== "skipped")
            .map((s) => (
              <Timeline.Item key={s.key} title={s.label}>
                <Text size="xs" c="dimmed">
                  {s.at ? when(s.at) : s.state === "upcoming" ? "Not yet" : ""}
                </Text>
              </Timeline.Item>
            ))}
        </Timeline>
        {view.shipments.length > 0 && (
          <>
            <Divider label="Shipments" labelPosition="left" />
            <Stack gap="xs" data-testid="tracking-shipments">
              {view.shipments.map((s, i) => (
                <ShipmentRow
                  // biome-ignore lint/suspicious/noArrayIndexKey: shipments are shown in a fixed order
                  key={i}
                  index={i + 1}
                  count={view.shipments.length}
                  shipment={s}
                  names={new Map(view.items.map((it) => [it.sku, it.name]))}
                />
              ))}
            </Stack>
          </>
        )}
        <Divider label="Items" labelPosition="left" />
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Item</Table.Th>
              <Table.Th style={{ textAlign: "right" }}>Qty</Table.Th>
              <Table.Th style={{ textAlign: "right" }}>Total</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {view.items.map((item) => (
              <Table.Tr key={item.sku}>
                <Table.Td>
                  {item.product_title}
                  <Text size="xs" c="dimmed">
                    {item.variant_title ? `${item.variant_title} · ${item.sku}` : item.sku}
                  </Text>
                </Table.Td>
                <Table.Td style={{ textAlign: "right" }}>{item.quantity}</Table.Td>
                <Table.Td style={{ textAlign: "right" }}>{money(item.total, view.currency)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        <Stack gap={2} align="flex-end">
          {view.totals.discount > 0 && (
            <Text size="sm">Discount −{money(view.totals.discount, view.currency)}</Text>
          )}
          <Text size="sm">Shipping {money(view.totals.shipping, view.currency)}</Text>
          <Text size="sm">Tax {money(view.totals.tax, view.currency)}</Text>
          <Text fw={700}>Total {money(view.totals.total, view.currency)}</Text>
        </Stack>
        {view.ship_to && (
          <Text size="sm" c="dimmed">
            Shipping to{" "}
            {[view.ship_to.city, view.ship_to.region, view.ship_to.country].filter(Boolean).join(", ")}
          </Text>
        )}
        {view.events.length > 0 && (
          <>
            <Divider label="History" labelPosition="left" />
            <Stack gap={4}>
              {view.events.map((e) => (
                <Text size="sm" key={`${e.at}${e.label}`}>
                  <Text span c="dimmed" size="xs">
                    {when(e.at)}
                  </Text>{" "}
                  {e.label}
                </Text>
              ))}
            </Stack>
          </>
        )}
      </Stack>
    </Paper>
  );
}
