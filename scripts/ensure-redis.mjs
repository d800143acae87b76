// `npm test` runs this first (the `pretest` script): the RESP end-to-end tests need a real
// redis-server. When it is missing and this is a Debian/Ubuntu machine where we are root,
// install the distribution package; otherwise say how, and let the e2e tests fail loudly.
import { spawnSync } from "node:child_process"

const has = (cmd) => spawnSync("sh", ["-c", `command -v ${cmd}`], { stdio: "ignore" }).status === 0

// The PostgreSQL end-to-end tests need a PostgreSQL server; Debian keeps its binaries off PATH.
const hasPostgres = () =>
  spawnSync("sh", ["-c", `test -x "\${PG_BINDIR:-/nonexistent}/initdb" || ls /usr/lib/postgresql/*/bin/initdb || test -x "$(pg_config --bindir)/initdb"`], { stdio: "ignore" }).status === 0
if (!hasPostgres()) {
  console.warn("pretest: PostgreSQL is not installed, so the PostgreSQL end-to-end tests will fail. Install it: apt-get install -y postgresql (or set PG_BINDIR to its bin folder).")
}
if (process.env.REDIS_SERVER || has("redis-server")) process.exit(0)

const root = typeof process.getuid === "function" && process.getuid() === 0
if (root && has("apt-get")) {
  console.log("pretest: redis-server is missing; installing the Debian package (apt-get install redis-server)")
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" }
  const update = spawnSync("apt-get", ["update", "-qq"], { stdio: "inherit", env })
  const install = update.status === 0 ? spawnSync("apt-get", ["install", "-y", "-qq", "redis-server"], { stdio: "inherit", env }) : update
  if (install.status === 0) process.exit(0)
}
console.warn(
  "pretest: redis-server is not installed, so the RESP end-to-end tests will fail. " +
    "Install it (Debian/Ubuntu: apt-get install -y redis-server) or set REDIS_SERVER to its path.",
)
