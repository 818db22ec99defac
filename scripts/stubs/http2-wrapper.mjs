// Build-time stand-in for http2-wrapper. got only touches it when `http2: true`, which qobra-imports
// never sets; the real module loads node:http2 and node:tls at start-up, costing ~15 ms per run.
const unavailable = () => {
  throw new Error('HTTP/2 support is not bundled in qobra-imports');
};
export default {
  get auto() {
    return unavailable();
  },
  get globalAgent() {
    return unavailable();
  },
};
