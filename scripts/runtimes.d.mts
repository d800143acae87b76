/** The repository's root folder (with a trailing slash). */
export declare const root: string
/** The system Node (20). */
export declare const systemNode: string
/** Node 24 from tools/matrix (see ensureNode24). */
export declare const node24: string
/** Bun from the root devDependencies. */
export declare const bun: string
/** Deno from the root devDependencies. */
export declare const deno: string
/** Installs node@24 into tools/matrix when missing; null when it is there, else why not. */
export declare function ensureNode24(): string | null
