import { Route, Routes } from "react-router";
import { ApiKeysPage } from "./admin/ApiKeys";
import { AuditPage } from "./admin/Audit";
import { UsersPage } from "./admin/Users";
import { RequireAuth } from "./auth";
import { Dashboard } from "./Dashboard";
import { Layout } from "./Layout";
import { Login } from "./Login";
import { NotFound } from "./NotFound";

export default function Console() {
  return (
    <Routes>
      <Route path="login" element={<Login />} />
      <Route
        element={
          <RequireAuth>
            <Layout />
          </RequireAuth>
        }
      >
        <Route index element={<Dashboard />} />
        <Route path="users" element={<UsersPage />} />
        <Route path="api-keys" element={<ApiKeysPage />} />
        <Route path="audit" element={<AuditPage />} />
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}
