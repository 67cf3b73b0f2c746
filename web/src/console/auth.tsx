import { Center, Loader } from "@mantine/core";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { createContext, type ReactNode, useContext, useEffect } from "react";
import { Navigate, useLocation } from "react-router";
import { ApiProblem, api, setUnauthorizedHandler } from "../api/client";
import type { Me, Permission } from "../api/types";

interface Auth {
  me: Me;
  can: (permission: Permission) => boolean;
  logout: () => Promise<void>;
}

const AuthContext = createContext<Auth | null>(null);

export function useAuth(): Auth {
  const auth = useContext(AuthContext);
  if (!auth) throw new Error("useAuth outside RequireAuth");
  return auth;
}

export const ME_KEY = ["me"] as const;

/** Renders its children only for a signed-in person; otherwise goes to /login and back after. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const location = useLocation();
  const me = useQuery({
    queryKey: ME_KEY,
    queryFn: () => api.get<Me>("/v1/auth/me"),
    retry: (count, error) => !(error instanceof ApiProblem && error.status === 401) && count < 2,
    staleTime: 60_000,
  });
  useEffect(() => {
    setUnauthorizedHandler(() => queryClient.invalidateQueries({ queryKey: ME_KEY }));
    return () => setUnauthorizedHandler(null);
  }, [queryClient]);

  if (me.isPending) {
    return (
      <Center h="100vh">
        <Loader aria-label="Loading" />
      </Center>
    );
  }
  if (me.isError || !me.data) {
    const from = location.pathname + location.search;
    return <Navigate to={`/login${from !== "/" ? `?next=${encodeURIComponent(from)}` : ""}`} replace />;
  }
  const permissions = new Set(me.data.permissions);
  const auth: Auth = {
    me: me.data,
    can: (p) => permissions.has(p),
    logout: async () => {
      await api.post("/v1/auth/logout").catch(() => {});
      queryClient.clear();
      window.location.assign("/login");
    },
  };
  return <AuthContext.Provider value={auth}>{children}</AuthContext.Provider>;
}

/** Hides what the signed-in role may not use. */
export function Can({ permission, children }: { permission: Permission; children: ReactNode }) {
  const { can } = useAuth();
  return can(permission) ? children : null;
}
