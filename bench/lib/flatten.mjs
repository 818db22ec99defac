// What `curl | jq` runs to do the CLI's flattening, and how the bench compares the two outputs.

/** `errors --json`: one object per rejected row. */
export const JQ_JSON =
  '.data_import as $i | $i.data_tables_details[] | select(.error != null) | . as $t | $t.error.parsing_error_details[] | {import_id: $i.id, data_table_key: $t.data_table_key, title: $t.error.title, description: $t.error.description, line_number, row, details}';

/**
 * `errors --csv` (one import): the header `data_table_key,line_number,details` and the union of the
 * rows' columns in the order first seen (a column named like one of the three gets `row.`), then a
 * record per row; strings as they are, other values as their JSON text, missing as empty.
 */
export const JQ_CSV = `
def rows: .data_import.data_tables_details[] | select(.error != null) | .data_table_key as $k
  | .error.parsing_error_details[] | [$k, .];
def cell: if type == "string" then . else tojson end;
(reduce (rows | .[1].row | objects | keys_unsorted[]) as $c ({seen: {}, cols: []};
  if .seen[$c] then . else .seen[$c] = true | .cols += [$c] end) | .cols) as $cols
| (["data_table_key", "line_number", "details"]
   + ($cols | map(if . == "data_table_key" or . == "line_number" or . == "details" then "row." + . else . end))
  | @csv),
  (rows | .[1] as $d
   | [.[0], ($d.line_number | cell), ($d.details | cell)]
     + [$cols[] as $c | $d.row | if type == "object" and has($c) then .[$c] | cell else "" end]
   | @csv)`;

/** One CSV record on one line (RFC 4180 quoting, no line breaks inside fields) as its cells. */
export function csvCells(line) {
  const cells = [];
  let at = 0;
  const text = line.endsWith('\r') ? line.slice(0, -1) : line;
  for (;;) {
    if (text[at] === '"') {
      let value = '';
      at++;
      for (;;) {
        const close = text.indexOf('"', at);
        if (close === -1) throw new Error(`unterminated quote in: ${line}`);
        value += text.slice(at, close);
        at = close + 1;
        if (text[at] !== '"') break;
        value += '"';
        at++;
      }
      cells.push(value);
    } else {
      const comma = text.indexOf(',', at);
      cells.push(text.slice(at, comma === -1 ? text.length : comma));
      at = comma === -1 ? text.length : comma;
    }
    if (at >= text.length) return cells;
    if (text[at] !== ',') throw new Error(`text after a quoted field in: ${line}`);
    at++;
  }
}
