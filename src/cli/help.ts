/** Text appended to --help: the exit codes scripts branch on, and where the configuration comes from. */
export const EXIT_CODES_HELP = `
Exit codes:
  0    finished, and no data table reported an error
  1    finished, and at least one data table reported an error
  2    usage or configuration error (bad flag or argument, no API key, unusable import id, HTTP 400/422)
  3    import not found (HTTP 404)
  4    API key missing or refused (HTTP 401/403)
  5    API unreachable or failing after retries (network, timeout, 5xx, 429)
  6    unexpected response (not JSON, or not the documented shape)
  8    still running (scheduled or started), for commands that do not wait
  74   the output could not be written (disk full, I/O error); a closed pipe is not this
  124  watch --timeout ran out before every import finished
  130  interrupted (Ctrl-C); 143 for SIGTERM
  With several ids the most serious outcome wins: 130, 74, 2, 4, 3, 5, 6, 1, 124, 8, 0.

Configuration:
  API key   --api-key-file PATH (- for stdin) > QOBRA_API_KEY > $XDG_CONFIG_HOME/qobra-imports/credentials
            (default ~/.config/qobra-imports/credentials, must be chmod 600)
  Base URL  --base-url > QOBRA_BASE_URL > https://api.qobra.co/v1; plain http:// only to this machine
            (localhost, 127.x, ::1) unless --allow-insecure-http or QOBRA_ALLOW_INSECURE_HTTP=1
  Proxy     HTTPS_PROXY, HTTP_PROXY, NO_PROXY
  Colour    --color/--no-color > FORCE_COLOR > NO_COLOR > TERM=dumb > terminal detection

Try it without an account:  qobra-imports sandbox   (then follow what it prints)
`;
