/**
 * Issue 4: "Every public future/stream documents its cancel safety in TSDoc
 * (`@remarks Cancel safety:`)". This reads core's public surface with the TypeScript
 * compiler and lists every exported function, and every public method of an exported
 * class, from the combinators, gen, streams, channels and sync whose result is a Future
 * or a Stream (or a tuple holding one, like a channel's `[sender, receiver]`) but whose
 * TSDoc says nothing about cancel safety.
 */
import { fileURLToPath } from "node:url"
import ts from "typescript"
import { describe, expect, it } from "vitest"

const root = fileURLToPath(new URL("../../", import.meta.url))
const AREAS = /packages\/core\/src\/(combinators\/|stream\/|channel\/|sync\/|gen\.ts)/

function undocumented(): string[] {
  const program = ts.createProgram([`${root}packages/core/src/index.ts`], {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    strict: true,
    noEmit: true,
    customConditions: ["@pollable/source"],
  })
  const checker = program.getTypeChecker()
  const index = program.getSourceFile(`${root}packages/core/src/index.ts`)!
  const docOf = (s: ts.Symbol): string =>
    ts.displayPartsToString(s.getDocumentationComment(checker)) +
    s
      .getJsDocTags(checker)
      .map((t) => ` @${t.name} ${ts.displayPartsToString(t.text)}`)
      .join("")
  const isAsync = (t: ts.Type): boolean => {
    const has = (n: string) => t.getProperty(n) !== undefined
    if (has("cancel") && (has("poll") || has("pollNext"))) return true
    if (checker.isTupleType(t)) return checker.getTypeArguments(t as ts.TypeReference).some(isAsync)
    return false
  }
  const returnsAsync = (s: ts.Symbol, at: ts.Node): boolean =>
    checker
      .getTypeOfSymbolAtLocation(s, at)
      .getCallSignatures()
      .some((sig) => isAsync(sig.getReturnType()))
  const out: string[] = []
  for (let sym of checker.getExportsOfModule(checker.getSymbolAtLocation(index)!)) {
    if (sym.flags & ts.SymbolFlags.Alias) sym = checker.getAliasedSymbol(sym)
    const decl = sym.declarations?.[0]
    if (decl === undefined || !AREAS.test(decl.getSourceFile().fileName)) continue
    if (sym.flags & ts.SymbolFlags.Module) continue // the `stream` namespace: its members are exported one by one below
    if (sym.flags & ts.SymbolFlags.Class) {
      for (const p of checker.getDeclaredTypeOfSymbol(sym).getProperties()) {
        const pd = p.declarations?.[0]
        if (pd === undefined || p.name.startsWith("__@") || p.name.startsWith("#")) continue // yield* protocol, private
        const mods = ts.getCombinedModifierFlags(pd as ts.Declaration)
        if (mods & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected)) continue
        if (/@internal/.test(pd.getFullText())) continue
        if (returnsAsync(p, pd) && !/Cancel safety/.test(docOf(p))) out.push(`${sym.name}.${p.name}`)
      }
    } else if (returnsAsync(sym, decl) && !/Cancel safety/.test(docOf(sym))) out.push(sym.name)
  }
  // members of the `stream` namespace (stream.map, stream.next, ...)
  const ns = checker.getExportsOfModule(checker.getSymbolAtLocation(index)!).find((s) => s.name === "stream")
  if (ns !== undefined) {
    const nsSym = ns.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(ns) : ns
    for (let m of checker.getExportsOfModule(nsSym)) {
      if (m.flags & ts.SymbolFlags.Alias) m = checker.getAliasedSymbol(m)
      const d = m.declarations?.[0]
      if (d !== undefined && returnsAsync(m, d) && !/Cancel safety/.test(docOf(m))) out.push(`stream.${m.name}`)
    }
  }
  return out.sort()
}

describe("TSDoc cancel safety on every public future and stream", () => {
  it("combinators, gen, streams, channels and sync document `Cancel safety:`", () => {
    expect(undocumented()).toEqual([])
  })
})
