import tailwindcss from "@tailwindcss/vite";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vitest/config";

// One config for the app build and the unit tests. The dev server proxies the gRPC-Web
// paths to a running gateway (`npm start`), so `npm run dev` gets live events with HMR.
const gateway = process.env["GATEWAY_URL"] ?? "http://127.0.0.1:8080";

export default defineConfig({
  plugins: [react(), tailwindcss()],
  // The ingest worker (src/workers) is an ES module worker: `new SharedWorker(new URL(...),
  // { type: "module" })`, served from 'self' like every script (the CSP allows no blob:).
  worker: { format: "es" },
  build: {
    outDir: "dist",
    sourcemap: true,
    // The CSP forbids inline scripts; Vite emits external module scripts only.
    modulePreload: { polyfill: false },
  },
  server: {
    proxy: {
      "/tetragon.FineGuidanceSensors": { target: gateway, changeOrigin: true },
      "/tetragon_dashboard.": { target: gateway, changeOrigin: true },
      "/api": { target: gateway, changeOrigin: true },
    },
  },
  test: {
    include: [
      "src/**/*.test.{ts,tsx}",
      "server/**/*.test.ts",
      "proto/**/*.test.ts",
      "bench/*.test.ts",
    ],
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
