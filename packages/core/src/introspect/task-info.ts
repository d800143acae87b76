import type { TaskInfo } from "../contracts/task-info.js"

/** The width `dump()` fits every line into. */
const WIDTH = 100

const fit = (line: string): string => (line.length > WIDTH ? `${line.slice(0, WIDTH - 1)}…` : line)

const ms = (ns: number): string => (ns >= 1e7 ? `${Math.round(ns / 1e6)}ms` : `${(ns / 1e6).toFixed(2)}ms`)

function statsOf(t: TaskInfo): string {
  if (t.polls === undefined) return ""
  const parts = [`polls ${t.polls}`, `wakes ${t.wakes ?? 0}`, `busy ${ms(t.pollTimeNs ?? 0)}`]
  if (t.longestPollNs !== undefined) parts.push(`max ${ms(t.longestPollNs)}`)
  if (t.ageMs !== undefined) parts.push(`age ${Math.round(t.ageMs)}ms`)
  return parts.join(", ")
}

/**
 * Render a task list as a tree (children under the task that spawned them), every line at
 * most 100 columns wide. @internal
 */
export function formatTasks(title: string, tasks: readonly TaskInfo[]): string {
  const lines = [fit(`${title}: ${tasks.length} task${tasks.length === 1 ? "" : "s"}`)]
  const ids = new Set(tasks.map((t) => t.id))
  const children = new Map<number, TaskInfo[]>()
  const roots: TaskInfo[] = []
  for (const t of tasks) {
    if (t.parent !== undefined && ids.has(t.parent) && t.parent !== t.id) {
      const list = children.get(t.parent)
      if (list === undefined) children.set(t.parent, [t])
      else list.push(t)
    } else roots.push(t)
  }
  const seen = new Set<number>()
  const emit = (t: TaskInfo, indent: string, last: boolean, top: boolean): void => {
    if (seen.has(t.id)) return
    seen.add(t.id)
    const branch = top ? "" : last ? "└─ " : "├─ "
    const state = t.outcome === undefined ? t.state : `${t.state}: ${t.outcome}`
    lines.push(fit(`${indent}${branch}task#${t.id} ${t.name} [${state}]`))
    const inner = top ? indent : indent + (last ? "   " : "│  ")
    const kids = children.get(t.id) ?? []
    const pad = kids.length > 0 ? "│  " : "   "
    const stats = statsOf(t)
    if (stats !== "") lines.push(fit(`${inner}${pad}${stats}`))
    if (t.waitingOn.length > 0) lines.push(fit(`${inner}${pad}waits on: ${t.waitingOn.join(" + ")}`))
    if (t.spawnSite !== undefined) lines.push(fit(`${inner}${pad}spawned at ${t.spawnSite}`))
    kids.forEach((k, i) => emit(k, inner, i === kids.length - 1, false))
  }
  for (const r of roots) emit(r, "", true, true)
  return lines.join("\n")
}
