/** Test files that run only under Node's tooling, glob → why. */
export declare const toolingOnly: Readonly<Record<string, string>>
/** Test files that need an API browsers lack, glob → why. */
export declare const notInBrowser: Readonly<Record<string, string>>
