// A small RFC 4180 reader: comma-separated, double quotes around fields that hold commas, quotes or
// line breaks (a quote inside is doubled), CRLF or LF line ends, an optional UTF-8 byte-order mark
// (spreadsheet exports). Each record comes with the line it starts on, for error messages.
export interface CsvRecord {
  line: number;
  fields: string[];
}

export class CsvSyntaxError extends Error {
  constructor(
    public line: number,
    message: string,
  ) {
    super(message);
  }
}

export function parseCsv(text: string): CsvRecord[] {
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const out: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let start = 1;
  let quoted = false;
  let wasQuoted = false;
  const endField = () => {
    fields.push(wasQuoted ? field : field.trim());
    field = '';
    wasQuoted = false;
  };
  const endRecord = () => {
    endField();
    if (!(fields.length === 1 && fields[0] === '')) out.push({ line: start, fields });
    fields = [];
  };
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (quoted) {
      if (c === '"') {
        if (src[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else {
        if (c === '\n') line++;
        field += c;
      }
      continue;
    }
    if (c === '"') {
      if (field.trim() !== '') throw new CsvSyntaxError(line, 'a quote in the middle of an unquoted field');
      field = '';
      quoted = true;
      wasQuoted = true;
    } else if (c === ',') endField();
    else if (c === '\r' && src[i + 1] === '\n') continue;
    else if (c === '\n' || c === '\r') {
      endRecord();
      line++;
      start = line;
    } else if (wasQuoted) {
      if (c.trim() !== '') throw new CsvSyntaxError(line, 'text after a closing quote');
    } else field += c;
  }
  if (quoted) throw new CsvSyntaxError(start, 'a quoted field is not closed');
  endRecord();
  return out;
}
