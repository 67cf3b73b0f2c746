import {
  Alert,
  Anchor,
  Button,
  Center,
  Paper,
  PasswordInput,
  Stack,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useEffect, useState } from "react";
import { useNavigate, useSearchParams } from "react-router";
import { api } from "../api/client";
import type { Session } from "../api/types";
import { ProblemAlert } from "../ui/Problem";
import { ME_KEY } from "./auth";

export function Login() {
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const queryClient = useQueryClient();
  useEffect(() => {
    document.title = "Sign in · Ordo";
  }, []);
  const setup = useQuery({
    queryKey: ["setup"],
    queryFn: () => api.get<{ needs_setup: boolean }>("/v1/setup"),
  });
  const login = useMutation({
    mutationFn: () => api.post<Session>("/v1/auth/login", { email, password }),
    onSuccess: async () => {
      await queryClient.resetQueries({ queryKey: ME_KEY });
      const next = params.get("next");
      navigate(next?.startsWith("/") && !next.startsWith("//") ? next : "/", { replace: true });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    login.mutate();
  };
  return (
    <Center mih="100vh" p="md" bg="gray.0">
      <Paper withBorder shadow="sm" radius="md" p="xl" w={380} maw="100%">
        <form onSubmit={submit} aria-labelledby="login-title">
          <Stack>
            <div>
              <Title order={1} size="h2" id="login-title">
                Sign in to Ordo
              </Title>
              <Text c="dimmed" size="sm">
                Back office for orders, inventory and fulfilment
              </Text>
            </div>
            {setup.data?.needs_setup && (
              <Alert color="yellow" title="No users yet" data-testid="needs-setup">
                Open the setup link the server printed when it started to create the first administrator.
              </Alert>
            )}
            <TextInput
              label="E-mail"
              type="email"
              autoComplete="username"
              required
              autoFocus
              value={email}
              onChange={(e) => setEmail(e.currentTarget.value)}
            />
            <PasswordInput
              label="Password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(e) => setPassword(e.currentTarget.value)}
            />
            <ProblemAlert error={login.error} title="Could not sign in" />
            <Button type="submit" loading={login.isPending} fullWidth>
              Sign in
            </Button>
            <Text size="xs" c="dimmed">
              Customers: track an order at <Anchor href="/track">/track</Anchor>
            </Text>
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}
