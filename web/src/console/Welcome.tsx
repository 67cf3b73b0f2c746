import { Alert, Button, Center, Paper, PasswordInput, Stack, Text, TextInput, Title } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useEffect, useState } from "react";
import { Link, useLocation, useNavigate } from "react-router";
import { api } from "../api/client";
import type { Session } from "../api/types";
import { fieldErrors, ProblemAlert } from "../ui/Problem";
import { ME_KEY } from "./auth";

/** The setup link's page: the first administrator of a fresh installation chooses their login. */
export function Welcome() {
  const location = useLocation();
  const token = new URLSearchParams(location.hash.slice(1)).get("token") ?? "";
  const [form, setForm] = useState({ name: "", email: "", password: "" });
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  useEffect(() => {
    document.title = "Set up Ordo";
  }, []);
  const status = useQuery({
    queryKey: ["setup"],
    queryFn: () => api.get<{ needs_setup: boolean }>("/v1/setup"),
  });
  const setup = useMutation({
    mutationFn: () => api.post<Session>("/v1/setup", { ...form, token }),
    onSuccess: async () => {
      await queryClient.resetQueries({ queryKey: ME_KEY });
      navigate("/", { replace: true });
    },
  });
  const errors = fieldErrors(setup.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setup.mutate();
  };
  const set = (patch: Partial<typeof form>) => setForm((f) => ({ ...f, ...patch }));
  return (
    <Center mih="100vh" p="md" bg="gray.0">
      <Paper withBorder shadow="sm" radius="md" p="xl" w={420} maw="100%">
        <form onSubmit={submit} aria-labelledby="welcome-title">
          <Stack>
            <div>
              <Title order={1} size="h2" id="welcome-title">
                Welcome to Ordo
              </Title>
              <Text c="dimmed" size="sm">
                Create the first administrator. They can then invite everyone else.
              </Text>
            </div>
            {status.data?.needs_setup === false ? (
              <Alert color="blue" title="Ordo is already set up">
                <Link to="/login">Sign in</Link> instead, or ask an administrator for an account.
              </Alert>
            ) : (
              <>
                {!token && (
                  <Alert color="yellow" title="Open the setup link">
                    Use the link the server printed when it started: it carries a one-time token.
                  </Alert>
                )}
                <TextInput
                  label="Your name"
                  required
                  autoFocus
                  value={form.name}
                  error={errors.name}
                  onChange={(e) => set({ name: e.currentTarget.value })}
                />
                <TextInput
                  label="E-mail"
                  type="email"
                  autoComplete="username"
                  required
                  value={form.email}
                  error={errors.email}
                  onChange={(e) => set({ email: e.currentTarget.value })}
                />
                <PasswordInput
                  label="Password"
                  description="At least 10 characters; common and guessable passwords are refused"
                  autoComplete="new-password"
                  required
                  value={form.password}
                  error={errors.password}
                  onChange={(e) => set({ password: e.currentTarget.value })}
                />
                <ProblemAlert error={setup.error} title="Could not set up Ordo" />
                <Button type="submit" loading={setup.isPending} disabled={!token} fullWidth>
                  Create administrator and sign in
                </Button>
              </>
            )}
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}
