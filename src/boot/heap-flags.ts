/**
 * NODE_OPTIONS=--max-old-space-size=4096 (common in CI) costs Node 20 and 22 ~8-10 ms on every run of
 * this CLI: V8 rejects every code cache made under other flags, including the one embedded in Node for
 * its own modules, so node:http, node:net, node:stream… are compiled from source. Heap sizes change no
 * compiled code (V8 stopped counting them from Node 24 on), and V8 reads them once, when the heap is
 * set up, before any of our code runs. So when the heap sizes are the only flags, setting them back to
 * their defaults afterwards makes V8's flag check pass again while the heap keeps the size asked for
 * (its limit is unchanged: v8.getHeapStatistics().heap_size_limit says so).
 * Any other flag, or a Node without the binding, leaves everything as it is.
 */

/** V8 flags that only size the heap; their default value is 0 ("decide from the machine's memory"). */
const HEAP_SIZE_FLAG = /^--max[-_](old|semi)[-_]space[-_]size=\d+$/;

/** Resets heap-size flags to their defaults when they are the only flags; true when it did. */
export function resetHeapSizeFlags(): boolean {
  if (Number(process.versions.node.split('.')[0]) >= 24) return false;
  const options = process.env.NODE_OPTIONS?.trim();
  const flags = [...process.execArgv, ...(options ? options.split(/\s+/) : [])];
  if (flags.length === 0 || !flags.every((flag) => HEAP_SIZE_FLAG.test(flag))) return false;
  const v8 = v8Binding();
  if (!v8) return false;
  for (const flag of flags) v8.setFlagsFromString(`${flag.replace(/=\d+$/, '')}=0`);
  return true;
}

interface V8Binding {
  setFlagsFromString(flags: string): void;
}

/**
 * node:v8 would do, but loading it under such flags costs about what this saves (it is compiled from
 * source too); its binding is already loaded. Asking for it is deprecated (DEP0111), hence the quiet.
 */
function v8Binding(): V8Binding | undefined {
  const node = process as { noDeprecation?: boolean; binding?: (name: string) => unknown };
  const quiet = node.noDeprecation;
  node.noDeprecation = true;
  try {
    const binding = node.binding?.('v8') as Partial<V8Binding> | undefined;
    return typeof binding?.setFlagsFromString === 'function' ? (binding as V8Binding) : undefined;
  } catch {
    return undefined;
  } finally {
    node.noDeprecation = quiet;
  }
}
