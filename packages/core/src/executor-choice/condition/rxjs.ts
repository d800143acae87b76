/**
 * Which adapter the package export condition selected: `--conditions=pollable-rxjs`.
 * Resolved through core's `#pollable-condition` import map, so the choice is made by the
 * runtime or bundler, never by code run at import.
 * @internal
 */
export const conditionChoice: string | undefined = "rxjs"
