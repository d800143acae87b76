import { InvalidArgument } from "../errors.js"

/**
 * What the write paths of an {@link AsyncFd} accept: any `ArrayBufferView` (`Uint8Array`,
 * Node's `Buffer`, other typed arrays, `DataView`), written as its own byte range
 * (`buffer`, `byteOffset`, `byteLength`), or a whole `ArrayBuffer`.
 */
export type BytesLike = ArrayBufferView | ArrayBufferLike

const tag = (v: unknown): string => Object.prototype.toString.call(v)

/** How a refused value is named in the message. */
function kindOf(v: unknown): string {
  if (v === null) return "null"
  if (v === undefined) return "undefined"
  if (typeof v === "number") return `a number (${String(v)})`
  if (typeof v === "string") return `a string (${JSON.stringify(v.length > 20 ? `${v.slice(0, 20)}…` : v)})`
  if (Array.isArray(v)) return "an array"
  if (typeof v === "object") return "an object"
  return `a ${typeof v}`
}

/**
 * The bytes of `data` as a `Uint8Array` over the same memory (no copy): a `Uint8Array` as
 * is, another `ArrayBufferView` by its `buffer`/`byteOffset`/`byteLength`, an `ArrayBuffer`
 * whole. For {@link IoSource} authors whose `tryWrite` may be called with any bytes.
 * @param where what was called, for the message (e.g. `"tryWrite(my source, bytes)"`).
 * @throws InvalidArgument naming `where` for anything that is not an `ArrayBufferView` or
 * `ArrayBuffer` (a string, a plain array, `{}`, a number...).
 * @example
 * ```ts
 * toBytes("send(bytes)", new DataView(buf, 4, 8)) // a Uint8Array over those 8 bytes
 * ```
 */
export function toBytes(where: string, data: unknown): Uint8Array {
  if (data instanceof Uint8Array) return data
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
  const t = tag(data)
  if (t === "[object ArrayBuffer]" || t === "[object SharedArrayBuffer]") return new Uint8Array(data as ArrayBufferLike)
  const fix =
    typeof data === "string"
      ? "encode text first: new TextEncoder().encode(text)"
      : Array.isArray(data)
        ? "wrap byte values first: new Uint8Array(array)"
        : "pass the bytes to write"
  throw new InvalidArgument(
    where,
    `expected bytes (a Uint8Array or Buffer, ` +
      `another ArrayBufferView such as a DataView, or an ArrayBuffer), got ${kindOf(data)}`,
    fix,
  )
}
