export const JQ_JSON: string;
export const JQ_CSV: string;
export function csvCells(line: string): string[];
