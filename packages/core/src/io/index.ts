export { WouldBlock, Eof, type IoSource, type Unregister } from "./source.js"
export {
  FdClosed,
  FdBusy,
  UnexpectedEof,
  ConnectionReset,
  BrokenPipe,
  LineTooLong,
  FrameTooLarge,
  MalformedFrame,
  type BrokenPipeBy,
} from "./errors.js"
export { AsyncFd, ReadyGuard, type Direction } from "./async-fd.js"
export { toBytes, type BytesLike } from "./bytes.js"
export type { AsyncRead, AsyncWrite, AsyncReadWrite } from "./byte-stream.js"
export { read, readExact, write, writeAll, flush, shutdown } from "./helpers.js"
export { BufReader, type BufReaderOptions } from "./buf-reader.js"
export { BufWriter, type BufWriterOptions } from "./buf-writer.js"
export { split, ReadHalf, WriteHalf } from "./split.js"
export { ByteBuffer } from "./byte-buffer.js"
export {
  NeedMore,
  linesCodec,
  lengthDelimited,
  bytesCodec,
  type Decoder,
  type Encoder,
  type Codec,
  type LengthDelimitedOptions,
} from "./codec.js"
export { framed, framedRead, framedWrite, Framed, FramedRead, type FrameSink, type FramedOptions } from "./framed.js"
export {
  pipeline,
  Pipeline,
  PipelineClosed,
  type PipelineCall,
  type PipelineOptions,
  type ReplyAssembler,
} from "./pipeline.js"
export { lines } from "./lines.js"
export { copy } from "./copy.js"
export { TimerFd, timerFdSleep, expirations, type TimerFdOptions } from "./timer-fd.js"
