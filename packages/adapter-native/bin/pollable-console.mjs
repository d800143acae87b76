#!/usr/bin/env node
// pollable-console: a live terminal view of a process's pollable tasks, read from the
// introspection server that process started (serveIntrospection from
// @pollable/adapter-native/introspect, 127.0.0.1 only).
//
//   npx pollable-console <port> [--sort busy|polls|wakes|age|id] [--filter text] [--interval ms] [--once]
//
// Live keys: s = next sort column, / = type a filter (Enter to apply), q = quit.

const USAGE = "usage: pollable-console <port> [--sort busy|polls|wakes|age|id] [--filter text] [--interval ms] [--once]"
const SORTS = ["busy", "polls", "wakes", "age", "id"]

function parse(argv) {
  const o = { port: undefined, sort: "busy", filter: "", interval: 1000, once: false }
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    if (a === "--once") o.once = true
    else if (a === "--sort") o.sort = argv[++i]
    else if (a === "--filter") o.filter = argv[++i] ?? ""
    else if (a === "--interval") o.interval = Number(argv[++i])
    else if (a === "-h" || a === "--help") {
      console.log(USAGE)
      process.exit(0)
    } else if (o.port === undefined && /^\d+$/.test(a)) o.port = Number(a)
    else fail(`unknown argument ${a}`)
  }
  if (o.port === undefined) fail("give the port the process serves its tasks on")
  if (!SORTS.includes(o.sort)) fail(`--sort takes one of ${SORTS.join(", ")}, got ${o.sort}`)
  if (!(o.interval >= 50)) fail("--interval takes milliseconds, at least 50")
  return o
}

function fail(message) {
  console.error(`pollable-console: ${message}\n${USAGE}`)
  process.exit(2)
}

const key = {
  busy: (t) => t.pollTimeNs ?? 0,
  polls: (t) => t.polls ?? 0,
  wakes: (t) => t.wakes ?? 0,
  age: (t) => t.ageMs ?? 0,
  id: (t) => -t.id,
}

const ms = (ns) => (ns === undefined ? "-" : ns >= 1e7 ? `${Math.round(ns / 1e6)}ms` : `${(ns / 1e6).toFixed(2)}ms`)
const cut = (s, n) => (s.length > n ? `${s.slice(0, n - 1)}…` : s.padEnd(n))
const num = (v, n) => String(v ?? "-").padStart(n)

/** One line of the table: the columns padded to their widths. */
function row(id, name, state, polls, wakes, busy, max, age, wait, nameW, waitW) {
  const right = `${num(polls, 7)}${num(wakes, 7)}${num(busy, 10)}${num(max, 10)}${num(age, 9)}`
  return `${num(id, 6)}  ${cut(name, nameW)}  ${cut(state, 8)}${right}  ${cut(wait, waitW)}`
}

/** One frame of the table, `width` columns wide. */
function render(snap, o, width) {
  const lines = []
  const rest = Math.max(20, width - 69)
  const nameW = Math.max(12, Math.floor(rest * 0.45))
  const waitW = Math.max(8, rest - nameW)
  for (const ex of snap.executors) {
    const shown = ex.tasks
      .filter((t) => o.filter === "" || t.name.toLowerCase().includes(o.filter.toLowerCase()))
      .sort((a, b) => key[o.sort](b) - key[o.sort](a))
    const matching = o.filter === "" ? "" : `, ${shown.length} matching "${o.filter}"`
    lines.push(`${ex.name}: ${ex.tasks.length} task(s)${matching} — sorted by ${o.sort}`)
    lines.push(row("ID", "NAME", "STATE", "POLLS", "WAKES", "BUSY", "MAX", "AGE", "WAITING ON", nameW, waitW))
    for (const t of shown) {
      const age =
        t.ageMs === undefined ? "-" : t.ageMs >= 10_000 ? `${Math.round(t.ageMs / 1000)}s` : `${Math.round(t.ageMs)}ms`
      const state = t.outcome === undefined ? t.state : `${t.state}:${t.outcome.slice(0, 4)}`
      const wait = t.waitingOn.join(" + ")
      lines.push(
        row(t.id, t.name, state, t.polls, t.wakes, ms(t.pollTimeNs), ms(t.longestPollNs), age, wait, nameW, waitW),
      )
    }
    lines.push("")
  }
  return lines.map((l) => l.trimEnd()).join("\n")
}

async function fetchSnapshot(port) {
  const res = await fetch(`http://127.0.0.1:${port}/tasks`)
  if (!res.ok) throw new Error(`the server answered ${res.status}`)
  return await res.json()
}

async function main() {
  const o = parse(process.argv.slice(2))
  const width = () => (process.stdout.isTTY ? process.stdout.columns : 120)
  if (o.once) {
    try {
      process.stdout.write(`${render(await fetchSnapshot(o.port), o, width())}\n`)
    } catch (e) {
      console.error(`pollable-console: cannot read tasks from 127.0.0.1:${o.port}: ${e.message}`)
      process.exit(1)
    }
    return
  }
  let typing
  const stdin = process.stdin
  if (stdin.isTTY) {
    stdin.setRawMode(true)
    stdin.setEncoding("utf8")
    stdin.on("data", (k) => {
      if (typing !== undefined) {
        if (k === "\r") {
          o.filter = typing
          typing = undefined
        } else if (k === "\u007f") typing = typing.slice(0, -1)
        else if (k === "\u001b") typing = undefined
        else typing += k
      } else if (k === "q" || k === "\u0003") {
        process.stdout.write("\n")
        process.exit(0)
      } else if (k === "s") o.sort = SORTS[(SORTS.indexOf(o.sort) + 1) % SORTS.length]
      else if (k === "/") typing = ""
      draw()
    })
  }
  let last = "waiting for the first snapshot…"
  const draw = () => {
    const help = typing !== undefined ? `filter: ${typing}_` : "s: sort  /: filter  q: quit"
    process.stdout.write(`\u001b[H\u001b[2J${last}\n${help}\n`)
  }
  for (;;) {
    try {
      last = render(await fetchSnapshot(o.port), o, width())
    } catch (e) {
      last = `cannot read tasks from 127.0.0.1:${o.port}: ${e.message} (retrying)`
    }
    draw()
    await new Promise((r) => setTimeout(r, o.interval))
  }
}

main()
