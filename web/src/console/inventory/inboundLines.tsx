import { Button, Group, NumberInput, Stack, Switch, Text, TextInput } from "@mantine/core";
import { useState } from "react";
import { api } from "../../api/client";
import { ActionModal } from "../../ui/ActionModal";

export interface LineDraft {
  sku: string;
  quantity: number | string;
}

export function LinesEditor({
  lines,
  onChange,
  errors,
}: {
  lines: LineDraft[];
  onChange: (l: LineDraft[]) => void;
  errors: Record<string, string>;
}) {
  return (
    <Stack gap={6}>
      {lines.map((l, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: rows are edited in place
        <Group key={i} wrap="nowrap" align="flex-start">
          <TextInput
            aria-label={`SKU ${i + 1}`}
            placeholder="SKU"
            style={{ flex: 1 }}
            value={l.sku}
            error={errors[`lines.${i}.sku`]}
            onChange={(e) =>
              onChange(lines.map((x, j) => (j === i ? { ...x, sku: e.currentTarget.value } : x)))
            }
          />
          <NumberInput
            aria-label={`Quantity ${i + 1}`}
            w={110}
            min={1}
            allowDecimal={false}
            value={l.quantity}
            error={errors[`lines.${i}.quantity`]}
            onChange={(v) => onChange(lines.map((x, j) => (j === i ? { ...x, quantity: v } : x)))}
          />
        </Group>
      ))}
      <Group>
        <Button size="xs" variant="subtle" onClick={() => onChange([...lines, { sku: "", quantity: 1 }])}>
          Add a line
        </Button>
      </Group>
    </Stack>
  );
}

export const toLines = (lines: LineDraft[]) =>
  lines.filter((l) => l.sku.trim()).map((l) => ({ sku: l.sku.trim(), quantity: Number(l.quantity) }));

/** Receives what arrived of a transfer or purchase order; outstanding quantities are prefilled. */
export function ReceiveDialog({
  title,
  path,
  lines,
  onClose,
  onDone,
}: {
  title: string;
  path: string;
  lines: Array<{ sku: string; outstanding_quantity: number }>;
  onClose: () => void;
  onDone: () => void;
}) {
  const [received, setReceived] = useState<Record<string, number | string>>(
    Object.fromEntries(lines.map((l) => [l.sku, l.outstanding_quantity])),
  );
  const [close, setClose] = useState(false);
  return (
    <ActionModal
      opened
      onClose={onClose}
      title={title}
      confirmLabel="Receive"
      action={() =>
        api.post(path, {
          lines: lines.map((l) => ({ sku: l.sku, quantity: Number(received[l.sku] ?? 0) })),
          close,
        })
      }
      onDone={onDone}
    >
      {lines.map((l) => (
        <Group key={l.sku} justify="space-between">
          <Text size="sm">
            {l.sku}{" "}
            <Text span size="xs" c="dimmed">
              ({l.outstanding_quantity} outstanding)
            </Text>
          </Text>
          <NumberInput
            aria-label={`Received ${l.sku}`}
            w={110}
            min={0}
            allowDecimal={false}
            value={received[l.sku]}
            onChange={(v) => setReceived({ ...received, [l.sku]: v })}
          />
        </Group>
      ))}
      <Switch
        label="Nothing more will arrive (close it)"
        checked={close}
        onChange={(e) => setClose(e.currentTarget.checked)}
      />
    </ActionModal>
  );
}

export const linesText = (lines: Array<{ sku: string; quantity: number; received_quantity: number }>) =>
  lines.map((l) => `${l.sku} ${l.received_quantity}/${l.quantity}`).join(", ");
