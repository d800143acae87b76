// `npm test` runs this first (the `pretest` script). Some tests need real servers; this
// checks that each one is installed and, when one is missing, fails with the one command
// that installs it. It never installs anything itself (.ci/run installs them for CI).
// To require another server, add it to `servers`.
import { spawnSync } from "node:child_process"

/** The servers the suite starts, each found on PATH or at the path in its `env` variable. */
const servers = [
  { bin: "redis-server", env: "REDIS_SERVER", install: "apt-get install -y redis-server", for: "the RESP end-to-end tests" },
]

const onPath = (cmd) => spawnSync("sh", ["-c", `command -v "${cmd}"`], { stdio: "ignore" }).status === 0
const missing = servers.filter((s) => !(process.env[s.env] || onPath(s.bin)))
for (const s of missing) {
  console.error(`pretest: ${s.bin} is not installed; ${s.for} need it. Install it with:\n\n  ${s.install}\n\n(or set ${s.env} to its path)`)
}
process.exit(missing.length === 0 ? 0 : 1)
