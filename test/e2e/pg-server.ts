// Starts a throwaway PostgreSQL server (Debian's postgresql package) for the PostgreSQL
// end-to-end tests: a temporary data directory, 127.0.0.1 and a free port, fsync off, one
// trust user and one SCRAM-SHA-256 user. The server refuses to run as root, so as root
// every server command runs as the `postgres` user (runuser). If it cannot start, the
// error says why and how to install it: the tests fail loudly instead of being skipped.
import { spawn, spawnSync, type ChildProcess } from "node:child_process"
import * as fs from "node:fs"
import * as net from "node:net"
import * as os from "node:os"
import * as path from "node:path"
import { freePort } from "./redis-server.js"

export interface PgServer {
  readonly host: "127.0.0.1"
  readonly port: number
  /** A superuser that logs in without a password (trust) — also for checks like pg_stat_activity. */
  readonly trustUser: string
  /** A user that must authenticate with SCRAM-SHA-256. */
  readonly scramUser: string
  readonly scramPassword: string
  stop(): Promise<void>
  /** Let this process exit while the server runs; it stops when this process ends. */
  unref(): void
}

const INSTALL = "apt-get install -y postgresql"

/** The folder of initdb/postgres: PG_BINDIR, the newest /usr/lib/postgresql/N/bin, or pg_config --bindir. */
function findPgBin(): string | undefined {
  const env = process.env.PG_BINDIR
  if (env !== undefined) return fs.existsSync(path.join(env, "initdb")) ? env : undefined
  const root = "/usr/lib/postgresql"
  if (fs.existsSync(root)) {
    const versions = fs
      .readdirSync(root)
      .filter((v) => fs.existsSync(path.join(root, v, "bin", "initdb")))
      .sort((a, b) => Number(b) - Number(a))
    if (versions[0] !== undefined) return path.join(root, versions[0], "bin")
  }
  const r = spawnSync("pg_config", ["--bindir"], { encoding: "utf8" })
  const dir = r.status === 0 ? r.stdout.trim() : ""
  return dir !== "" && fs.existsSync(path.join(dir, "initdb")) ? dir : undefined
}

const isRoot = () => typeof process.getuid === "function" && process.getuid() === 0

/** argv to run `cmd` as the postgres user when we are root. */
const asPg = (cmd: string, args: string[]): [string, string[]] =>
  isRoot() ? ["runuser", ["-u", "postgres", "--", cmd, ...args]] : [cmd, args]

function run(cmd: string, args: string[]): void {
  const [c, a] = asPg(cmd, args)
  const r = spawnSync(c, a, { encoding: "utf8" })
  if (r.status !== 0)
    throw new Error(
      `${path.basename(cmd)} failed (${r.error?.message ?? `exit ${r.status}`}): ` +
        `${(r.stderr || r.stdout || "").slice(-1500)}`,
    )
}

const acceptsConnections = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = net.connect({ host: "127.0.0.1", port })
    s.once("error", () => resolve(false))
    s.once("connect", () => {
      s.destroy()
      resolve(true)
    })
  })

export async function startPostgres(): Promise<PgServer> {
  const bin = findPgBin()
  if (bin === undefined) {
    throw new Error(
      `PostgreSQL could not be started: no initdb found (looked at PG_BINDIR, ` +
        `/usr/lib/postgresql/*/bin and pg_config --bindir). ` +
        `The PostgreSQL end-to-end tests need the server: install it with \`${INSTALL}\` ` +
        `(.ci/run does this), or point PG_BINDIR at its bin folder.`,
    )
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pollable-pg-"))
  const data = path.join(dir, "data")
  const cleanup = () => fs.rmSync(dir, { recursive: true, force: true })
  const port = await freePort()
  const trustUser = "pollable_trust"
  const scramUser = "pollable_scram"
  const scramPassword = "sc-ram pässword"
  let child: ChildProcess | undefined
  let log = ""
  try {
    if (isRoot()) {
      fs.chmodSync(dir, 0o700)
      spawnSync("chown", ["postgres:postgres", dir])
    }
    run(path.join(bin, "initdb"), [
      "-D",
      data,
      "-U",
      trustUser,
      "-A",
      "trust",
      "--no-sync",
      "--no-instructions",
      "-E",
      "UTF8",
      "--locale=C",
    ])
    fs.writeFileSync(
      path.join(data, "pg_hba.conf"),
      [
        "local all all trust",
        `host all ${trustUser} 127.0.0.1/32 trust`,
        "host all all 127.0.0.1/32 scram-sha-256",
        "",
      ].join("\n"),
    )
    if (isRoot()) spawnSync("chown", ["postgres:postgres", path.join(data, "pg_hba.conf")])
    // A watchdog shell owns the server: when our end of its stdin closes — stop(), or this
    // process dying however it dies — it stops the server (fast shutdown) and removes the
    // directory, so no server outlives the tests or a benchmark run.
    const watchdog = 'd="$1"; shift; "$@" & pid=$!; read _; kill -INT "$pid" 2>/dev/null; wait "$pid"; rm -rf "$d"'
    const [c, a] = asPg("sh", [
      "-c",
      watchdog,
      "sh",
      dir,
      path.join(bin, "postgres"),
      "-D",
      data,
      "-p",
      String(port),
      "-k",
      dir,
      "-c",
      "listen_addresses=127.0.0.1",
      "-c",
      "fsync=off",
      "-c",
      "full_page_writes=off",
    ])
    const proc = spawn(c, a, { stdio: ["pipe", "pipe", "pipe"] })
    child = proc
    proc.stdout!.on("data", (d) => (log += d))
    proc.stderr!.on("data", (d) => (log += d))
    let gone: string | undefined
    proc.once("error", (e) => (gone = `spawn failed: ${e.message}`))
    proc.once("exit", (code, sig) => (gone ??= `exited with ${code ?? sig}`))
    let up = false
    for (let i = 0; i < 600 && gone === undefined && !up; i++) {
      up = await acceptsConnections(port)
      if (!up) await new Promise((r) => setTimeout(r, 50))
    }
    if (!up) throw new Error(gone ?? "not accepting connections within 30 s")
    // the server accepts TCP before it accepts sessions: psql waits for that by retrying
    let created = false
    for (let i = 0; i < 300 && !created; i++) {
      const [pc, pa] = asPg("psql", [
        "-h",
        dir,
        "-p",
        String(port),
        "-U",
        trustUser,
        "-d",
        "postgres",
        "-v",
        "ON_ERROR_STOP=1",
        "-qc",
        `create role ${scramUser} login password '${scramPassword}'`,
      ])
      const r = spawnSync(pc, pa, { encoding: "utf8" })
      created = r.status === 0
      if (!created && !/starting up|No such file|could not connect/.test(r.stderr))
        throw new Error(`psql failed: ${r.stderr}`)
      if (!created) await new Promise((res) => setTimeout(res, 50))
    }
    if (!created) throw new Error("the server did not accept sessions within 15 s")
  } catch (e) {
    child?.stdin?.end()
    cleanup()
    throw new Error(
      `PostgreSQL could not be started on 127.0.0.1:${port} ` +
        `(${(e as Error).message}). The PostgreSQL end-to-end tests need it: ` +
        `install it with \`${INSTALL}\` (.ci/run does this), ` +
        `or point PG_BINDIR at its bin folder.\n${log.slice(-2000)}`,
    )
  }
  const proc = child!
  const exited = new Promise<void>((resolve) =>
    proc.exitCode !== null || proc.signalCode !== null ? resolve() : proc.once("exit", () => resolve()),
  )
  return {
    host: "127.0.0.1",
    port,
    trustUser,
    scramUser,
    scramPassword,
    async stop() {
      proc.stdin!.end() // the watchdog stops the server
      const t = setTimeout(() => {
        const [c, a] = asPg(path.join(bin, "pg_ctl"), ["-D", data, "-m", "immediate", "stop"])
        spawnSync(c, a, { stdio: "ignore" })
      }, 10_000)
      await exited
      clearTimeout(t)
      cleanup()
    },
    unref() {
      proc.unref()
      for (const s of [proc.stdin, proc.stdout, proc.stderr]) (s as unknown as { unref?: () => void } | null)?.unref?.()
    },
  }
}
