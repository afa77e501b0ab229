// Reading the CSV files the app downloads, as a spreadsheet would.

/** RFC 4180 rows of `text` (quoted cells may hold commas, quotes and line breaks). */
export function parseCsv(text) {
  const rows = [[]];
  let cell = '';
  let quoted = false;
  for (let i = text.charCodeAt(0) === 0xfeff ? 1 : 0; i < text.length; i += 1) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (cell += '"'), (i += 1);
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') rows.at(-1).push(cell), (cell = '');
    else if (c === '\r' && text[i + 1] === '\n') {
      rows.at(-1).push(cell);
      cell = '';
      rows.push([]);
      i += 1;
    } else cell += c;
  }
  if (cell || rows.at(-1).length) rows.at(-1).push(cell);
  return rows.filter((r) => r.length > 1);
}
