// Preloaded into the CLI by end-to-end tests (NODE_OPTIONS=--require): every host-name lookup fails
// as a resolver answers a name that does not exist, so "cannot be resolved" is tested without
// sending a DNS query anywhere. IP addresses never reach dns.lookup.
'use strict';
const dns = require('node:dns');

dns.lookup = (hostname, options, callback) => {
  const done = typeof options === 'function' ? options : callback;
  const error = Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), {
    code: 'ENOTFOUND',
    errno: -3008,
    syscall: 'getaddrinfo',
    hostname,
  });
  process.nextTick(done, error);
};
