/**
 * Stream constructors and combinators, exported from the package root as the `stream`
 * namespace (`stream.map(s, f)`, `stream.merge(a, b)`, `stream.collect(s)`) so their names
 * do not clash with the future combinators of the same name.
 * @packageDocumentation
 */
export { fromIterable } from "./from-iterable.js"
export { fromAsyncIterable } from "./from-async-iterable.js"
export { interval } from "./interval.js"
export { unfold } from "./unfold.js"
export { map } from "./map.js"
export { filter } from "./filter.js"
export { take } from "./take.js"
export { takeUntil } from "./take-until.js"
export { scan } from "./scan.js"
export { merge } from "./merge.js"
export { zip } from "./zip.js"
export { buffer } from "./buffer.js"
export { chunks } from "./chunks.js"
export { throttle } from "./throttle.js"
export { debounce } from "./debounce.js"
export { collect, forEach, next } from "./consume.js"
