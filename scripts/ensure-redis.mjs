// `npm test` runs this first (the `pretest` script). Some tests need real servers; this
// checks that each one is installed and, when one is missing, fails with the one command
// that installs it. It never installs anything itself (.ci/run installs them for CI).
// To require another server, add it to `servers`.
import { spawnSync } from "node:child_process"
import { existsSync, readdirSync } from "node:fs"

/** Debian's PostgreSQL: /usr/lib/postgresql/<version>/bin/initdb, off PATH. */
const debianPostgres = () => {
  try {
    return readdirSync("/usr/lib/postgresql").some((v) => existsSync(`/usr/lib/postgresql/${v}/bin/initdb`))
  } catch {
    return false
  }
}

/** The servers the suite starts, each found on PATH, at the path in its `env` variable, or by `also()`. */
const servers = [
  {
    bin: "redis-server",
    env: "REDIS_SERVER",
    install: "apt-get install -y redis-server",
    for: "the RESP end-to-end tests",
  },
  {
    bin: "initdb",
    env: "PG_BINDIR",
    install: "apt-get install -y postgresql",
    for: "the PostgreSQL end-to-end tests",
    also: debianPostgres,
  },
]

const onPath = (cmd) => spawnSync("sh", ["-c", `command -v "${cmd}"`], { stdio: "ignore" }).status === 0
const missing = servers.filter((s) => !(process.env[s.env] || onPath(s.bin) || s.also?.() === true))
for (const s of missing) {
  console.error(
    `pretest: ${s.bin} is not installed; ${s.for} need it. ` +
      `Install it with:\n\n  ${s.install}\n\n(or set ${s.env} to its path)`,
  )
}
process.exit(missing.length === 0 ? 0 : 1)
