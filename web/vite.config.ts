import path from "node:path";
import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

const root = path.dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  root,
  plugins: [react()],
  build: {
    outDir: path.join(root, "dist"),
    emptyOutDir: true,
    sourcemap: true,
    // Two pages: the desk (index.html) and the consumer portal (portal.html), which shares only
    // React and the API client with it (measured in bench/README.md).
    rollupOptions: {
      input: { main: path.join(root, "index.html"), portal: path.join(root, "portal.html") },
    },
  },
  server: { proxy: { "/api": "http://localhost:8080", "/metrics": "http://localhost:8080" } },
});
