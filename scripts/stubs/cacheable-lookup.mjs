// Build-time stand-in for cacheable-lookup. got only constructs it for the `dnsCache` option, which
// qobra-imports never sets (one look-up per run gains nothing from a DNS cache); loading the real one
// pulls in node:dns at start-up (~5 ms).
import { standInError } from './strict-module.mjs';

export default class CacheableLookup {
  constructor() {
    throw standInError('DNS caching is not bundled in qobra-imports');
  }
}
