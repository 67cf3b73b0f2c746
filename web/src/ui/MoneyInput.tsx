import { NumberInput, type NumberInputProps, Text } from "@mantine/core";
import { useState } from "react";

/** Digits after the decimal point in a currency's minor units (2 for USD, 0 for JPY). */
export function currencyDigits(currency: string): number {
  try {
    return (
      new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ??
      2
    );
  } catch {
    return 2;
  }
}

/** "12.00 USD": an amount as the server writes it in messages, for customers who may not read "$". */
export function amountWithCode(minor: number | null | undefined, currency: string): string {
  if (minor === null || minor === undefined) return "—";
  const digits = currencyDigits(currency);
  return `${(minor / 10 ** digits).toFixed(digits)} ${currency}`;
}

type Props = Omit<NumberInputProps, "value" | "defaultValue" | "onChange" | "decimalScale"> & {
  /** The starting amount in minor units; the field is not controlled after that. */
  initial: number | null;
  currency: string;
  /** The amount in minor units, or null when the field is empty. */
  onChange: (minor: number | null) => void;
};

/** An amount typed in the currency's units ("12.50") and handed on as integer minor units (1250). */
export function MoneyInput({ initial, currency, onChange, ...props }: Props) {
  const digits = currencyDigits(currency);
  const [raw, setRaw] = useState<string | number>(initial === null ? "" : initial / 10 ** digits);
  return (
    <NumberInput
      {...props}
      min={0}
      allowNegative={false}
      decimalScale={digits}
      rightSection={
        <Text size="xs" c="dimmed">
          {currency}
        </Text>
      }
      rightSectionWidth={48}
      value={raw}
      onChange={(v) => {
        setRaw(v);
        onChange(v === "" ? null : Math.round(Number(v) * 10 ** digits));
      }}
    />
  );
}
