export function writeImportBody(
  file: string,
  options: { id: string; rows: number; values?: 'text' | 'numbers' | 'quoted-numbers'; keep?: number },
): { bytes: number; rows: number; firstRows: string[] };
