import { defineConfig } from "vitest/config"

const conditions = ["@pollable/source"]

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  test: {
    include: ["test/**/*.test.ts"],
    typecheck: { enabled: true, include: ["test/**/*.test-d.ts"], tsconfig: "tsconfig.json" },
    // The JSON report feeds the one-line summary printed at the end of .ci/run.
    reporters: ["default", "json"],
    outputFile: { json: ".vitest-results.json" },
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
})
