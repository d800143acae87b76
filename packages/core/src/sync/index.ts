export { Semaphore, Permit } from "./semaphore.js"
export { Mutex, MutexGuard } from "./mutex.js"
export { Notify } from "./notify.js"
export { UseAfterRelease, SemaphoreClosed } from "./errors.js"
