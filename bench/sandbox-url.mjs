// Shared by the benchmarks: wait for the built CLI's sandbox to print the URL it listens on.

/** Resolves with the sandbox's base URL from its first stdout line; kills it and rejects on anything else. */
export function sandboxUrl(child) {
  return new Promise((resolve, reject) => {
    let text = '';
    let settled = false;
    const settle = (error, value) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (error) {
        child.kill('SIGKILL');
        reject(error);
      } else resolve(value);
    };
    const timer = setTimeout(() => settle(new Error('the sandbox did not start within 15 s')), 15_000);
    child.stdout.on('data', (chunk) => {
      if (settled) return;
      text += chunk;
      if (!text.includes('\n')) return;
      const first = text.split('\n')[0];
      const match = /listening on (http:\/\/\S+)/.exec(first);
      settle(match ? undefined : new Error(`unexpected sandbox output: ${first}`), match?.[1]);
    });
    child.on('exit', (code) => settle(new Error(`the sandbox exited with ${code} before listening`)));
  });
}
