/**
 * Items a consuming loop (`collect`, `forEach`, `filter`, `debounce`, a sink's `forward`)
 * takes from a source in one poll before it wakes itself and returns `Pending`, so an
 * always-ready source cannot starve other tasks (rule 5).
 */
export const ITEM_BUDGET = 128
