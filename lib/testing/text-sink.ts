// Test helper: a Writable that hands each chunk to `write` as text (to capture a command's output).
import { Writable } from "node:stream";

export function textSink(write: (text: string) => void): Writable {
  return new Writable({
    write(chunk, _encoding, done) {
      write(String(chunk));
      done();
    },
  });
}
