// Build-time stand-in for http2-wrapper. got only touches it when `http2: true`, which qobra-imports
// never sets; the real module loads node:http2 and node:tls at start-up, costing ~15 ms per run.
// Any member got reads (`auto`, `globalAgent`, or one a later got adds) throws.
import { standInError } from './strict-module.mjs';

export default new Proxy(
  {},
  {
    get(_target, key) {
      if (typeof key === 'symbol') return undefined;
      throw standInError(`HTTP/2 support is not bundled in qobra-imports (got used http2-wrapper.${key})`);
    },
  },
);
