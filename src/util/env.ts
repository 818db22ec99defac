/** The environment as commands see it: `process.env` in real runs, a plain object in tests. */
export type Env = Readonly<Record<string, string | undefined>>;
