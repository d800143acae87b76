// Starts a throwaway redis-server on 127.0.0.1 and a free port (no persistence, temp dir)
// for the RESP end-to-end tests, and stops it. If it cannot start, the error says why: the
// tests fail loudly instead of being skipped.
import { spawn, type ChildProcess } from "node:child_process"
import * as fs from "node:fs"
import * as net from "node:net"
import * as os from "node:os"
import * as path from "node:path"

export interface RedisServer {
  readonly port: number
  /** The server's process id (to stall it with SIGSTOP in a test). */
  readonly pid: number
  stop(): Promise<void>
}

/** A free TCP port on 127.0.0.1 (bound, read, released). */
export const freePort = (): Promise<number> =>
  new Promise<number>((resolve, reject) => {
    const s = net.createServer()
    s.once("error", reject)
    s.listen(0, "127.0.0.1", () => {
      const p = (s.address() as net.AddressInfo).port
      s.close(() => resolve(p))
    })
  })

/** True when a RESP server on 127.0.0.1:port answers an inline PING with +PONG. */
export const pingOnce = (port: number): Promise<boolean> =>
  new Promise<boolean>((resolve) => {
    const s = net.connect({ host: "127.0.0.1", port })
    s.once("error", () => resolve(false))
    s.once("connect", () => s.write("PING\r\n"))
    s.once("data", (d) => {
      s.destroy()
      resolve(d.toString().startsWith("+PONG"))
    })
  })

export async function startRedis(): Promise<RedisServer> {
  const bin = process.env.REDIS_SERVER ?? "redis-server"
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pollable-redis-"))
  const port = await freePort()
  let output = ""
  let child: ChildProcess
  const exited = new Promise<string>((resolve) => {
    child = spawn(
      bin,
      [
        "--port",
        String(port),
        "--bind",
        "127.0.0.1",
        "--save",
        "",
        "--appendonly",
        "no",
        "--dir",
        dir,
        "--daemonize",
        "no",
      ],
      {
        stdio: ["ignore", "pipe", "pipe"],
      },
    )
    child.stdout!.on("data", (d) => (output += d))
    child.stderr!.on("data", (d) => (output += d))
    child.once("error", (e) => resolve(`spawn failed: ${e.message}`))
    child.once("exit", (code, sig) => resolve(`exited with ${code ?? sig}`))
  })
  let gone: string | undefined
  void exited.then((why) => (gone = why))
  const cleanup = () => fs.rmSync(dir, { recursive: true, force: true })
  for (let i = 0; i < 100 && gone === undefined; i++) {
    if (await pingOnce(port)) {
      return {
        port,
        pid: child!.pid!,
        async stop() {
          if (gone === undefined) {
            // a test may have left it stopped; process.kill, not child.kill: Deno's
            // ChildProcess sends one signal only (a second kill() is ignored)
            process.kill(child!.pid!, "SIGCONT")
            child!.kill("SIGTERM")
            await exited
          }
          cleanup()
        },
      }
    }
    await new Promise((r) => setTimeout(r, 50))
  }
  if (gone === undefined) child!.kill("SIGKILL")
  await exited
  cleanup()
  throw new Error(
    `redis-server could not be started (${gone ?? "no PONG within 5 s"}) on 127.0.0.1:${port}. ` +
      `The RESP end-to-end tests need it: install it with \`apt-get install -y redis-server\` (.ci/run does this), ` +
      `or point REDIS_SERVER at the binary.\n${output.slice(-2000)}`,
  )
}
