import { Badge, Group, Stack, Text, TextInput } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { useState } from "react";
import { api } from "../../api/client";
import type { Page, Product } from "../../api/types";
import { PagedTable } from "../../ui/PagedTable";
import { PageHeader } from "../../ui/PageHeader";

export function CatalogPage() {
  const [q, setQ] = useState("");
  const [debounced] = useDebouncedValue(q.trim(), 250);
  return (
    <Stack gap="md">
      <PageHeader title="Catalog" subtitle="Products and their variants (SKUs)" />
      <TextInput
        label="Search"
        placeholder="SKU, barcode or title"
        value={q}
        onChange={(e) => setQ(e.currentTarget.value)}
        type="search"
        maw={360}
      />
      <PagedTable<Product>
        caption="Products"
        queryKey={["products", debounced]}
        fetchPage={(cursor, signal) =>
          api.get<Page<Product>>("/v1/products", { q: debounced || undefined, cursor, limit: 50 }, signal)
        }
        rowKey={(p) => p.id}
        empty="No products match"
        columns={[
          {
            key: "title",
            header: "Product",
            render: (p) => (
              <Text fw={600} size="sm">
                {p.title}
              </Text>
            ),
          },
          { key: "vendor", header: "Vendor", render: (p) => p.vendor ?? "—" },
          { key: "type", header: "Type", render: (p) => p.product_type ?? "—" },
          {
            key: "variants",
            header: "Variants",
            render: (p) => (
              <Group gap={4}>
                {p.variants.map((v) => (
                  <Badge
                    key={v.id}
                    variant="outline"
                    size="sm"
                    color={v.is_kit ? "grape" : "gray"}
                    title={v.title}
                  >
                    {v.sku}
                  </Badge>
                ))}
              </Group>
            ),
          },
          {
            key: "status",
            header: "Status",
            render: (p) => (
              <Badge variant="light" color={p.status === "active" ? "green" : "gray"}>
                {p.status}
              </Badge>
            ),
          },
        ]}
      />
    </Stack>
  );
}
