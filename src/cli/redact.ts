/** Defence in depth: whatever path a string took, the API key is masked before it is written anywhere. */
import type { Output } from '../deps.js';

export function redactingOutput(output: Output, secrets: () => readonly string[]): Output {
  return {
    get isTTY() {
      return output.isTTY;
    },
    get columns() {
      return output.columns;
    },
    get closed() {
      return output.closed;
    },
    get tty() {
      return output.tty;
    },
    write(text: string) {
      let safe = text;
      for (const secret of secrets())
        if (secret.length >= 4 && safe.includes(secret)) safe = safe.split(secret).join('***');
      return output.write(safe);
    },
  };
}
