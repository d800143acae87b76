/** Every file path an `exports` / `imports` map of a package.json points at, for every condition. */
export function exportTargets(pkg: { exports?: unknown; imports?: unknown }): string[] {
  return [...targets(pkg.exports), ...targets(pkg.imports)]
}

function targets(map: unknown): string[] {
  if (typeof map === "string") return [map]
  if (map === null || typeof map !== "object") return []
  return Object.values(map).flatMap(targets)
}
