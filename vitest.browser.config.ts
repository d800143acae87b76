import { playwright } from "@vitest/browser-playwright"
import { defineConfig } from "vitest/config"

import { notInBrowser } from "./scripts/test-scope.mjs"

// Browser leg of the cross-runtime matrix: Debian's chromium through playwright-core,
// no browser download. Every test file runs except those that need an API browsers lack
// (scripts/test-scope.mjs lists them with the reason).
const conditions = ["@pollable/source"]

export default defineConfig({
  resolve: { conditions },
  test: {
    include: ["test/**/*.test.ts"],
    exclude: Object.keys(notInBrowser),
    browser: {
      enabled: true,
      headless: true,
      screenshotFailures: false,
      instances: [{ browser: "chromium" }],
      provider: playwright({
        launchOptions: {
          executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
          args: [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
          ],
        },
      }),
    },
  },
})
