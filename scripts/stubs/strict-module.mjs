// Build-time helper for the stand-ins of modules got loads: the object got receives throws on any
// member the stand-in does not provide, so a got upgrade that starts using one fails loudly (and the
// HTTPS end-to-end tests with it) instead of calling `undefined`.
export function strictModule(name, provided) {
  return new Proxy(provided, {
    get(target, key) {
      if (typeof key === 'symbol' || key in target) return target[key];
      throw new Error(
        `got used ${name}.${String(key)}, which the build's stand-in does not provide (see scripts/build.mjs)`,
      );
    },
  });
}
