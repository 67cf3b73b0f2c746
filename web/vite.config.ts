import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// The console and the portal are one app, served by Ordo itself from web/dist.
// `@ordo/*` points at the server's sources so the client imports the shared Zod schemas' types.
export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  base: "/",
  plugins: [react()],
  resolve: { alias: { "@ordo": fileURLToPath(new URL("../src", import.meta.url)) } },
  build: { outDir: "dist", emptyOutDir: true, chunkSizeWarningLimit: 2000 },
  server: { proxy: { "/v1": "http://localhost:3000" } },
});
