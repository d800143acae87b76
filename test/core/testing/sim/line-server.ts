// The server the simulation tests talk to: host "server", port 7, one reply line per line.
import { gen, lines } from "@pollable/core"
import type { Simulation } from "@pollable/core/testing"

const enc = new TextEncoder()

/** Start host "server" answering each line it reads on port 7 with `answer(line)`, until EOF. */
export const lineServer = (sim: Simulation, answer: (line: string) => string): void => {
  sim.host("server", (h) =>
    h.listen(7, (fd) =>
      gen(function* () {
        for (;;) {
          const line = yield* lines(fd).next()
          if (typeof line !== "string") return
          yield* fd.write(enc.encode(`${answer(line)}\n`))
        }
      }),
    ),
  )
}
