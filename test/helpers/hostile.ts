// Server text built to break a report: markup, GitHub's command separators and escapes, line
// breaks, C0/C1 controls, an escape sequence, and characters XML 1.0 forbids (U+FFFE, a lone surrogate).
export const HOSTILE =
  '50% <b>&amp;</b> "q" \'a\'\r\n::error::pwned, k:v | cell\u0000\u0007\u001b[31m\u0085\uFFFE\uD800 ]]> `x` [l](http://e)';
