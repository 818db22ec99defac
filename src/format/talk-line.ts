/**
 * How a line of talk on stderr reads. Every one names the program, so it stands out among other
 * tools' output in a pipeline or a CI log; warnings, hints and errors say which they are.
 */

export const PROGRAM = 'qobra-imports';

/** "qobra-imports: <text>". */
export const talkLine = (text: string): string => `${PROGRAM}: ${text}`;

/** "qobra-imports: warning: <text>". */
export const warningLine = (text: string): string => talkLine(`warning: ${text}`);

/** "qobra-imports: hint: <text>": what to try next, under the error it is about. */
export const hintLine = (text: string): string => talkLine(`hint: ${text}`);

/** "qobra-imports: error: <text>". */
export const errorLine = (text: string): string => talkLine(`error: ${text}`);
