export { oneshot, OneshotSender, OneshotReceiver } from "./oneshot.js"
export { mpsc, MpscSender, MpscReceiver } from "./mpsc.js"
export { broadcast, BroadcastSender, BroadcastReceiver } from "./broadcast.js"
export { Lagged } from "./errors.js"
