// The worker side of spawnBlocking (plain JavaScript: it runs in a worker thread as is,
// from src/ and from the published package alike). One task is either
// { kind: "fn", source, args }: a self-contained function's source, evaluated once per
// worker and cached; or { kind: "file", file, exportName, args }: an export of a module.
const compiled = new Map()

function compile(source) {
  let fn = compiled.get(source)
  if (fn === undefined) {
    try {
      fn = (0, eval)(`(${source})`)
    } catch (e) {
      throw new TypeError(
        `spawnBlocking(fn): the function's source could not be evaluated in the worker ` +
          `(${e instanceof Error ? e.message : String(e)}); ` +
          "pass an arrow or function expression that uses only its arguments and globals, " +
          "or use spawnBlocking(file, exportName, args)",
      )
    }
    if (typeof fn !== "function") throw new TypeError("spawnBlocking(fn): the source did not evaluate to a function")
    compiled.set(source, fn)
  }
  return fn
}

export default async function runBlocking(task) {
  if (task.kind === "fn") return await compile(task.source)(...task.args)
  const mod = await import(task.file)
  const fn = mod[task.exportName]
  if (typeof fn !== "function") {
    throw new TypeError(`spawnBlocking(file, exportName): ${task.file} has no exported function "${task.exportName}"`)
  }
  return await fn(...task.args)
}
