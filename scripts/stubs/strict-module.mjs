// Build-time helpers for the stand-ins of modules got loads (see scripts/build.mjs). What they throw
// carries a code of its own, so the CLI reports a bug in the build, not a network failure to retry.
export const STAND_IN_ERROR = 'ERR_QOBRA_BUNDLE_STAND_IN';

export function standInError(message) {
  return Object.assign(new Error(message), { code: STAND_IN_ERROR });
}

// The object got receives throws on any member the stand-in does not provide, so a got upgrade that
// starts using one fails loudly (and the HTTPS end-to-end tests with it) instead of calling `undefined`.
export function strictModule(name, provided) {
  return new Proxy(provided, {
    get(target, key) {
      if (typeof key === 'symbol' || key in target) return target[key];
      throw standInError(
        `got used ${name}.${String(key)}, which the build's stand-in does not provide (see scripts/build.mjs)`,
      );
    },
  });
}
