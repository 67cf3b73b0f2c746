import { Button, Card, Group, NumberInput, Select, Skeleton, Stack, Text, Title } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { api } from "../../api/client";
import type { FulfillmentOrder, PackageSuggestion, PackageType, Page, Shipment } from "../../api/types";
import { fieldErrors, ProblemAlert } from "../../ui/Problem";
import { useAuth } from "../auth";
import { ShipmentCard } from "./ShipmentCard";
import { refreshWork, shipmentsKey, suggestionKey } from "./station";

/** Packing: the units not in a box yet go into packages; each package then gets a label and ships. */
export function Packages({ fo }: { fo: FulfillmentOrder }) {
  const { can } = useAuth();
  const shipments = useQuery({
    queryKey: shipmentsKey(fo.id),
    queryFn: ({ signal }) =>
      api.get<Page<Shipment>>("/v1/shipments", { fulfillment_order_id: fo.id, limit: 100 }, signal),
  });
  const packable = fo.status === "accepted" || fo.status === "in_progress" || fo.status === "open";
  const suggestion = useQuery({
    queryKey: suggestionKey(fo.id),
    queryFn: ({ signal }) =>
      api.get<PackageSuggestion>(`/v1/fulfillment_orders/${fo.id}/package_suggestion`, undefined, signal),
    enabled: packable,
  });
  const boxes = useQuery({
    queryKey: ["package_types", fo.location_id],
    queryFn: ({ signal }) =>
      api.get<{ data: PackageType[] }>(
        "/v1/package_types",
        { location_id: fo.location_id ?? undefined },
        signal,
      ),
    staleTime: 5 * 60_000,
  });
  const list = [...(shipments.data?.data ?? [])].sort((a, b) => a.created_at.localeCompare(b.created_at));
  const left = suggestion.data?.lines ?? [];
  return (
    <Card withBorder data-testid="packages">
      <Title order={2} size="h5" mb="xs">
        Pack
      </Title>
      <Stack gap="md">
        {packable && can("fulfillment:write") && (
          <>
            <ProblemAlert error={suggestion.error} />
            {suggestion.isPending ? (
              <Skeleton h={80} />
            ) : left.length === 0 ? (
              <Text size="sm" c="dimmed" data-testid="all-packed">
                Every unit is in a package.
              </Text>
            ) : (
              suggestion.data && (
                <PackForm
                  key={JSON.stringify(left)}
                  fo={fo}
                  suggestion={suggestion.data}
                  boxes={(boxes.data?.data ?? []).filter((b) => b.active)}
                />
              )
            )}
          </>
        )}
        <ProblemAlert error={shipments.error} />
        {shipments.isPending ? (
          <Skeleton h={60} />
        ) : list.length === 0 ? (
          <Text size="sm" c="dimmed">
            No packages yet.
          </Text>
        ) : (
          list.map((s, i) => (
            <ShipmentCard
              key={s.id}
              shipment={s}
              index={i + 1}
              box={boxes.data?.data.find((b) => b.id === s.package_type_id)}
            />
          ))
        )}
      </Stack>
    </Card>
  );
}

function PackForm({
  fo,
  suggestion,
  boxes,
}: {
  fo: FulfillmentOrder;
  suggestion: PackageSuggestion;
  boxes: PackageType[];
}) {
  const queryClient = useQueryClient();
  const keyOf = (l: { order_line_id: string; sku: string }) => `${l.order_line_id}|${l.sku}`;
  const [units, setUnits] = useState<Record<string, number | string>>(
    Object.fromEntries(suggestion.lines.map((l) => [keyOf(l), l.quantity])),
  );
  const [box, setBox] = useState<string | null>(suggestion.package_type?.id ?? null);
  const [weight, setWeight] = useState<number | string>("");
  const lines = suggestion.lines
    .map((l) => ({ order_line_id: l.order_line_id, sku: l.sku, quantity: Number(units[keyOf(l)] ?? 0) }))
    .filter((l) => l.quantity > 0);
  const pack = useMutation({
    mutationFn: () =>
      api.create<Shipment>(`/v1/fulfillment_orders/${fo.id}/shipments`, {
        ...(box ? { package_type_id: box } : {}),
        ...(Number(weight) > 0 ? { weight_grams: Math.round(Number(weight)) } : {}),
        lines,
      }),
    onSuccess: () => refreshWork(queryClient, fo.id),
  });
  const errors = fieldErrors(pack.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    pack.mutate();
  };
  const suggested = suggestion.package_type;
  return (
    <form onSubmit={submit} aria-label="Pack a package" data-testid="pack-form">
      <Stack gap="xs">
        <Text size="sm">
          Still to pack: {suggestion.lines.map((l) => `${l.quantity}× ${l.sku}`).join(", ")} ·{" "}
          {suggestion.items_weight_grams} g
          {suggested
            ? ` · suggested box ${suggested.name}${
                suggestion.fill_ratio !== null ? ` (${Math.round(suggestion.fill_ratio * 100)}% full)` : ""
              }`
            : " · no box fits: enter the dimensions on the label"}
        </Text>
        {suggestion.lines.map((l, i) => (
          <Group key={keyOf(l)} justify="space-between" wrap="nowrap">
            <Text size="sm" style={{ flex: 1 }}>
              {l.sku}{" "}
              <Text span size="xs" c="dimmed">
                {l.quantity} to pack
              </Text>
            </Text>
            <NumberInput
              aria-label={`Units of ${l.sku} in this package`}
              w={120}
              min={0}
              max={l.quantity}
              allowDecimal={false}
              value={units[keyOf(l)] ?? 0}
              error={errors[`lines.${i}.quantity`]}
              onChange={(v) => setUnits({ ...units, [keyOf(l)]: v })}
            />
          </Group>
        ))}
        <Group grow align="flex-start">
          <Select
            label="Box"
            placeholder="Suggested box"
            data={boxes.map((b) => ({
              value: b.id,
              label: `${b.name} (${b.length_mm}×${b.width_mm}×${b.height_mm} mm)`,
            }))}
            value={box}
            onChange={setBox}
            clearable
            error={errors.package_type_id}
          />
          <NumberInput
            label="Weight (grams)"
            description="From the scale; empty: items plus the box"
            min={1}
            allowDecimal={false}
            value={weight}
            onChange={setWeight}
            error={errors.weight_grams}
          />
        </Group>
        <ProblemAlert error={pack.error} title="Not packed" />
        <Group>
          <Button type="submit" loading={pack.isPending} disabled={lines.length === 0}>
            Pack package
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
