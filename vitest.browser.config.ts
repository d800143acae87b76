import { playwright } from "@vitest/browser-playwright"
import { defineConfig } from "vitest/config"

// Browser leg of the cross-runtime matrix: Debian's chromium through playwright-core,
// no browser download. Only runtime-neutral test files are included.
const conditions = ["@pollable/source"]

export default defineConfig({
  resolve: { conditions },
  test: {
    include: ["test/matrix/**/*.test.ts", "test/conformance/**/*.test.ts"],
    exclude: ["test/conformance/native*.test.ts", "**/*.node.test.ts"],
    browser: {
      enabled: true,
      headless: true,
      instances: [{ browser: "chromium" }],
      provider: playwright({
        launchOptions: {
          executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
          args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        },
      }),
    },
  },
})
