// Preloaded into the CLI by end-to-end tests (NODE_OPTIONS=--require): every host-name lookup fails
// as when the DNS server does not answer (EAI_AGAIN), without sending a DNS query anywhere.
'use strict';
const dns = require('node:dns');

dns.lookup = (hostname, options, callback) => {
  const done = typeof options === 'function' ? options : callback;
  const error = Object.assign(new Error(`getaddrinfo EAI_AGAIN ${hostname}`), {
    code: 'EAI_AGAIN',
    errno: -3001,
    syscall: 'getaddrinfo',
    hostname,
  });
  process.nextTick(done, error);
};
