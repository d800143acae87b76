/**
 * @pollable/adapter-native/io — Node IO sources for core's `AsyncFd`: TCP and Unix
 * sockets, child-process pipes, TTYs. The futures they produce are runtime-agnostic:
 * they need only a waker, so they run on every executor.
 * @module \@pollable/adapter-native/io
 */
export { StreamSource } from "./stream-source.js"
export { OnreadSource, type OnreadOptions } from "./onread-source.js"
export { RegularFileNotPollable, NodeIoError, ConnectFailed, ListenFailed } from "./errors.js"
export {
  connect,
  connectUnix,
  listen,
  Listener,
  fromSocket,
  fromStream,
  fromFd,
  stdin,
  type NodeFd,
  type StreamFd,
  type ConnectOptions,
} from "./net.js"
