/** Why the packages' dist/ folders are stale (missing, or older than their inputs), or null when fresh. */
export declare function staleBecause(): string | null
