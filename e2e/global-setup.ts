// The e2e suite drives the built app through the real gateway: fail fast, with the fix, when
// the build is missing.
import { existsSync } from "node:fs";

export default function globalSetup(): void {
  if (!existsSync("dist/index.html")) {
    throw new Error(
      "dist/index.html is missing: run `npm run build` before `npx playwright test`.",
    );
  }
}
