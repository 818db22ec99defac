// Build-time stand-in for cacheable-request. got only constructs it when the `cache` option is set,
// which qobra-imports never does (every look-up must be fresh); the real module and its dependencies
// cost several milliseconds of start-up. `CacheError` stays a real class because got tests instanceof.
import { standInError } from './strict-module.mjs';

export class CacheError extends Error {}
export default class CacheableRequest {
  constructor() {
    throw standInError('HTTP caching is not bundled in qobra-imports');
  }
}
