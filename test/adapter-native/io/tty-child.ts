// Run by tty.test.ts under `script` (a pseudo-terminal on stdin): reads one line from the
// TTY through AsyncFd and prints what it saw.
import { gen, hostClock, lines, LocalExecutor, TimerQueue } from "@pollable/core"
import { stdin } from "@pollable/adapter-native/io"

const fd = stdin()
const ex = new LocalExecutor({ timer: new TimerQueue(hostClock()) })
const line = await ex.spawn(
  gen(function* () {
    return yield* lines(fd).next()
  }),
)
process.stdout.write(`\nRESULT isTTY=${String(process.stdin.isTTY)} label=${fd.source.label} line=${String(line)}\n`)
fd.close()
process.exit(0)
