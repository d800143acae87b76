// RESP2 command encoding: a command is an array of bulk strings.
import { concat } from "./concat.js"

/** A command argument: text (UTF-8), a number (its decimal text) or raw bytes. */
export type RespArg = string | number | Uint8Array

const encoder = new TextEncoder()

/** Encode one command as a RESP array of bulk strings. */
export function encodeCommand(args: readonly RespArg[]): Uint8Array {
  return encodeCommands([args])
}

/** Encode several commands back to back into one buffer (a pipeline). */
export function encodeCommands(commands: readonly (readonly RespArg[])[]): Uint8Array {
  const parts: Uint8Array[] = []
  let n = 0
  const add = (p: Uint8Array) => {
    parts.push(p)
    n += p.length
  }
  for (const args of commands) {
    add(encoder.encode(`*${args.length}\r\n`))
    for (const a of args) {
      const b = a instanceof Uint8Array ? a : encoder.encode(String(a))
      add(encoder.encode(`$${b.length}\r\n`))
      add(b)
      add(encoder.encode("\r\n"))
    }
  }
  return concat(parts, n)
}
