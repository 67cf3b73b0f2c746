import { AppShell, Badge, Burger, Button, Group, NavLink, ScrollArea, Text, Title } from "@mantine/core";
import { useDisclosure, useHotkeys } from "@mantine/hooks";
import { Suspense } from "react";
import { Outlet, NavLink as RouterLink, useLocation, useNavigate } from "react-router";
import type { Permission } from "../api/types";
import { useAuth } from "./auth";

interface NavItem {
  to: string;
  label: string;
  permission: Permission | null;
  group: string;
}

export const NAV: NavItem[] = [
  { to: "/", label: "Dashboard", permission: null, group: "Overview" },
  { to: "/orders", label: "Orders", permission: "orders:read", group: "Orders" },
  { to: "/orders/new", label: "New order", permission: "orders:write", group: "Orders" },
  { to: "/cases", label: "Cases", permission: "cases:read", group: "Orders" },
  { to: "/feedback", label: "Feedback", permission: "orders:read", group: "Orders" },
  { to: "/analytics", label: "Analytics", permission: "orders:read", group: "Overview" },
  { to: "/returns", label: "Returns", permission: "returns:read", group: "Orders" },
  { to: "/inventory", label: "Stock levels", permission: "inventory:read", group: "Inventory" },
  { to: "/inventory/movements", label: "Movements", permission: "inventory:read", group: "Inventory" },
  { to: "/inventory/alerts", label: "Low stock", permission: "inventory:read", group: "Inventory" },
  { to: "/inventory/transfers", label: "Transfers", permission: "inventory:read", group: "Inventory" },
  {
    to: "/inventory/purchase-orders",
    label: "Purchase orders",
    permission: "inventory:read",
    group: "Inventory",
  },
  { to: "/forecasting", label: "Forecasting", permission: "inventory:read", group: "Inventory" },
  { to: "/warehouse", label: "Workstation", permission: "fulfillment:write", group: "Fulfillment" },
  { to: "/scheduling", label: "Scheduling", permission: "fulfillment:read", group: "Fulfillment" },
  {
    to: "/shipments/exceptions",
    label: "Exceptions",
    permission: "fulfillment:write",
    group: "Fulfillment",
  },
  { to: "/catalog", label: "Catalog", permission: "catalog:read", group: "Setup" },
  { to: "/locations", label: "Locations", permission: "settings:read", group: "Setup" },
  { to: "/channels", label: "Channels", permission: "settings:read", group: "Setup" },
  { to: "/webhooks", label: "Webhooks", permission: "webhooks:manage", group: "Setup" },
  { to: "/events", label: "Events", permission: "events:read", group: "Setup" },
  { to: "/users", label: "Users", permission: "users:manage", group: "Admin" },
  { to: "/api-keys", label: "API keys", permission: "api_keys:manage", group: "Admin" },
  { to: "/audit", label: "Audit trail", permission: "audit:read", group: "Admin" },
];

export function Layout() {
  const { me, can, logout } = useAuth();
  const [opened, { toggle, close }] = useDisclosure();
  const location = useLocation();
  const navigate = useNavigate();
  // "/" jumps to the order search from anywhere that is not a text field.
  useHotkeys([["/", () => can("orders:read") && navigate("/orders?focus=1")]]);
  const items = NAV.filter((n) => !n.permission || can(n.permission));
  const groups = [...new Set(items.map((i) => i.group))];
  const active = (to: string) =>
    to === "/"
      ? location.pathname === "/"
      : location.pathname === to ||
        (location.pathname.startsWith(`${to}/`) &&
          !items.some((i) => i.to !== to && i.to.startsWith(to) && location.pathname.startsWith(i.to)));
  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 230, breakpoint: "md", collapsed: { mobile: !opened } }}
      padding="md"
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger
              opened={opened}
              onClick={toggle}
              hiddenFrom="md"
              size="sm"
              aria-label="Toggle navigation"
            />
            <Title order={2} size="h4" c="blue.8">
              Ordo
            </Title>
            <Text size="sm" c="dimmed" visibleFrom="xs">
              Back office
            </Text>
          </Group>
          <Group gap="sm" wrap="nowrap">
            <Text size="sm" visibleFrom="sm" data-testid="whoami">
              {me.name}
            </Text>
            {me.role && (
              <Badge variant="light" visibleFrom="xs">
                {me.role}
              </Badge>
            )}
            <Button variant="default" size="xs" onClick={() => void logout()}>
              Sign out
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="Main navigation">
        <ScrollArea>
          {groups.map((g) => (
            <div key={g}>
              <Text size="xs" fw={700} c="dimmed" tt="uppercase" px="sm" mt="xs" mb={2}>
                {g}
              </Text>
              {items
                .filter((i) => i.group === g)
                .map((i) => (
                  <NavLink
                    key={i.to}
                    component={RouterLink}
                    to={i.to}
                    end
                    label={i.label}
                    py={6}
                    active={active(i.to)}
                    onClick={close}
                  />
                ))}
            </div>
          ))}
        </ScrollArea>
      </AppShell.Navbar>
      <AppShell.Main>
        <Suspense>
          <Outlet />
        </Suspense>
      </AppShell.Main>
    </AppShell>
  );
}
