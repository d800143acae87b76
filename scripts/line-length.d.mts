/** The longest line, in columns (Unicode code points), a tracked source file may have. */
export declare const MAX_COLUMNS: number
/** A line longer than {@link MAX_COLUMNS}: its file (relative to the root), 1-based line number and width. */
export interface LongLine {
  readonly file: string
  readonly line: number
  readonly columns: number
}
/**
 * Every line longer than {@link MAX_COLUMNS} in the git-tracked .ts/.mjs/.js/.cjs files under `root`
 * (a git work tree), skipping dist/, node_modules/ and bench/results.*.
 */
export declare function longLines(root: string): LongLine[]
