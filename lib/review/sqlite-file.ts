/**
 * Writes a SQLite 3 database file from tables of rows, in pure TypeScript (file format:
 * sqlite.org/fileformat2.html). Enough for an Anki collection: rowid tables (with
 * `INTEGER PRIMARY KEY` aliases), overflow pages for long text, no indexes. better-sqlite3 is not
 * usable here (its native build is skipped at install), and Node 20 has no built-in SQLite.
 */

export type SqliteValue = number | bigint | string | null | Uint8Array;

export interface SqliteTable {
  name: string;
  /** CREATE TABLE statement, stored verbatim in sqlite_master. */
  sql: string;
  /**
   * Rows in rowid order. With `rowidColumn` set, that column is the INTEGER PRIMARY KEY: its value
   * is the rowid and it is stored as NULL in the record, as SQLite itself does.
   */
  rows: SqliteValue[][];
  rowidColumn?: number;
}

const PAGE_SIZE = 4096;
const USABLE = PAGE_SIZE;
const LEAF_TABLE = 0x0d;
const INTERIOR_TABLE = 0x05;
// Payload limits for table b-tree leaves (fileformat2 §1.6).
const MAX_LOCAL = USABLE - 35;
const MIN_LOCAL = Math.floor(((USABLE - 12) * 32) / 255) - 23;

const encoder = new TextEncoder();

function varint(value: bigint | number): number[] {
  let v = BigInt.asUintN(64, BigInt(value));
  if (v > 0x00ffffffffffffffn) {
    // Nine bytes: eight of seven bits, then one full byte.
    const out = [Number(v & 0xffn)];
    v >>= 8n;
    for (let i = 0; i < 8; i++) {
      out.unshift(Number(v & 0x7fn) | 0x80);
      v >>= 7n;
    }
    return out;
  }
  const out = [Number(v & 0x7fn)];
  v >>= 7n;
  while (v > 0n) {
    out.unshift(Number(v & 0x7fn) | 0x80);
    v >>= 7n;
  }
  return out;
}

function integerSerial(v: bigint): { type: number; bytes: number } {
  if (v === 0n) return { type: 8, bytes: 0 };
  if (v === 1n) return { type: 9, bytes: 0 };
  const sizes: [number, number][] = [[1, 1], [2, 2], [3, 3], [4, 4], [5, 6], [6, 8]];
  for (const [type, bytes] of sizes) {
    const limit = 1n << BigInt(bytes * 8 - 1);
    if (v >= -limit && v < limit) return { type, bytes };
  }
  throw new RangeError(`${v} does not fit in a 64-bit integer`);
}

/** SQLite record format: a header of serial types, then the values. */
export function encodeRecord(values: SqliteValue[]): Uint8Array {
  const types: number[] = [];
  const bodies: Uint8Array[] = [];
  for (const value of values) {
    if (value === null) {
      types.push(0);
      bodies.push(new Uint8Array(0));
    } else if (typeof value === "string" || value instanceof Uint8Array) {
      const bytes = typeof value === "string" ? encoder.encode(value) : value;
      types.push(bytes.length * 2 + (typeof value === "string" ? 13 : 12));
      bodies.push(bytes);
    } else if (typeof value === "bigint" || Number.isSafeInteger(value)) {
      const v = BigInt(value);
      const { type, bytes } = integerSerial(v);
      const body = new Uint8Array(bytes);
      for (let i = bytes - 1, rest = v; i >= 0; i--, rest >>= 8n) body[i] = Number(BigInt.asUintN(8, rest));
      types.push(type);
      bodies.push(body);
    } else {
      const body = new Uint8Array(8);
      new DataView(body.buffer).setFloat64(0, value);
      types.push(7);
      bodies.push(body);
    }
  }
  const typeBytes = types.flatMap((t) => varint(t));
  // The header size counts its own varint, which may itself grow a byte.
  let headerSize = typeBytes.length + 1;
  if (varint(headerSize).length > 1) headerSize = typeBytes.length + varint(typeBytes.length + 2).length;
  const header = [...varint(headerSize), ...typeBytes];
  const total = header.length + bodies.reduce((sum, b) => sum + b.length, 0);
  const record = new Uint8Array(total);
  record.set(header, 0);
  let at = header.length;
  for (const body of bodies) {
    record.set(body, at);
    at += body.length;
  }
  return record;
}

class Pages {
  readonly pages: Uint8Array[] = [];
  /** Reserves a page and returns its number (1-based). */
  allocate(): number {
    this.pages.push(new Uint8Array(PAGE_SIZE));
    return this.pages.length;
  }
  get(number: number): Uint8Array {
    return this.pages[number - 1];
  }
}

function writeU16(page: Uint8Array, at: number, value: number) {
  page[at] = (value >> 8) & 0xff;
  page[at + 1] = value & 0xff;
}
function writeU32(page: Uint8Array, at: number, value: number) {
  new DataView(page.buffer, page.byteOffset).setUint32(at, value);
}

/** A leaf cell: payload size, rowid, the local part of the payload, then the first overflow page. */
function leafCell(pages: Pages, rowid: bigint, payload: Uint8Array): Uint8Array {
  const size = payload.length;
  let local = size;
  if (size > MAX_LOCAL) {
    const k = MIN_LOCAL + ((size - MIN_LOCAL) % (USABLE - 4));
    local = k <= MAX_LOCAL ? k : MIN_LOCAL;
  }
  const head = [...varint(size), ...varint(rowid)];
  const cell = new Uint8Array(head.length + local + (local < size ? 4 : 0));
  cell.set(head, 0);
  cell.set(payload.subarray(0, local), head.length);
  if (local < size) {
    // Overflow chain: each page holds the next page's number, then up to USABLE - 4 bytes.
    const chunks: Uint8Array[] = [];
    for (let at = local; at < size; at += USABLE - 4) chunks.push(payload.subarray(at, Math.min(size, at + USABLE - 4)));
    const numbers = chunks.map(() => pages.allocate());
    chunks.forEach((chunk, i) => {
      const page = pages.get(numbers[i]);
      writeU32(page, 0, numbers[i + 1] ?? 0);
      page.set(chunk, 4);
    });
    writeU32(cell, head.length + local, numbers[0]);
  }
  return cell;
}

/** Lays cells into one b-tree page; `offset` is 100 on page 1 (after the file header). */
function writeBtreePage(page: Uint8Array, type: number, cells: Uint8Array[], offset: number, rightChild?: number) {
  const headerSize = type === INTERIOR_TABLE ? 12 : 8;
  let contentStart = PAGE_SIZE;
  page[offset] = type;
  writeU16(page, offset + 3, cells.length);
  cells.forEach((cell, i) => {
    contentStart -= cell.length;
    page.set(cell, contentStart);
    writeU16(page, offset + headerSize + i * 2, contentStart);
  });
  writeU16(page, offset + 5, contentStart === 65536 ? 0 : contentStart);
  if (rightChild !== undefined) writeU32(page, offset + 8, rightChild);
}

const fits = (cells: Uint8Array[], extra: Uint8Array, headerSize: number, offset: number) =>
  offset + headerSize + 2 * (cells.length + 1) + cells.reduce((s, c) => s + c.length, 0) + extra.length <= PAGE_SIZE;

/** Splits cells into page-sized groups, in order. */
function groupCells(cells: Uint8Array[], headerSize: number): Uint8Array[][] {
  const groups: Uint8Array[][] = [[]];
  for (const cell of cells) {
    if (!fits(groups[groups.length - 1], cell, headerSize, 0)) groups.push([]);
    groups[groups.length - 1].push(cell);
  }
  return groups;
}

/** Writes a table b-tree and returns its root page number (`rootPage` when given, e.g. page 1). */
function writeTable(pages: Pages, rows: { rowid: bigint; payload: Uint8Array }[], rootPage?: number): number {
  const cells = rows.map((row) => ({ rowid: row.rowid, cell: leafCell(pages, row.rowid, row.payload) }));
  const rootOffset = rootPage === 1 ? 100 : 0;
  if (fits(cells.map((c) => c.cell).slice(0, -1), cells[cells.length - 1]?.cell ?? new Uint8Array(0), 8, rootOffset)) {
    const root = rootPage ?? pages.allocate();
    writeBtreePage(pages.get(root), LEAF_TABLE, cells.map((c) => c.cell), rootOffset);
    return root;
  }
  if (rootPage === 1) throw new Error("sqlite_master must fit on the first page");

  // Leaves, then interior levels until one page is left: each child's key is its largest rowid.
  let level: { page: number; maxRowid: bigint }[] = [];
  let index = 0;
  for (const group of groupCells(cells.map((c) => c.cell), 8)) {
    const page = pages.allocate();
    writeBtreePage(pages.get(page), LEAF_TABLE, group, 0);
    index += group.length;
    level.push({ page, maxRowid: cells[index - 1].rowid });
  }
  while (level.length > 1) {
    const entries = level.map((child) => ({ child, cell: new Uint8Array([0, 0, 0, 0, ...varint(child.maxRowid)]) }));
    // An interior page holds cells for all its children but the last (the right-most pointer).
    const groups: (typeof entries)[] = [[]];
    for (const entry of entries) {
      const group = groups[groups.length - 1];
      if (group.length > 1 && !fits(group.slice(0, -1).map((e) => e.cell), group[group.length - 1].cell, 12, 0)) groups.push([]);
      groups[groups.length - 1].push(entry);
    }
    // Never leave an interior page with a single child: move one over from the page before.
    const lastGroup = groups[groups.length - 1];
    if (lastGroup.length === 1 && groups.length > 1) lastGroup.unshift(groups[groups.length - 2].pop()!);
    level = groups.map((group) => {
      const page = pages.allocate();
      const right = group[group.length - 1].child;
      const cellsOfPage = group.slice(0, -1).map(({ child, cell }) => {
        writeU32(cell, 0, child.page);
        return cell;
      });
      writeBtreePage(pages.get(page), INTERIOR_TABLE, cellsOfPage, 0, right.page);
      return { page, maxRowid: right.maxRowid };
    });
  }
  return level[0].page;
}

/** The whole database file. */
export function sqliteDatabase(tables: SqliteTable[]): Uint8Array {
  const pages = new Pages();
  pages.allocate(); // page 1: header + sqlite_master
  const master: SqliteValue[][] = [];
  for (const table of tables) {
    const rows = table.rows.map((values, i) => {
      const rowid = table.rowidColumn === undefined ? BigInt(i + 1) : BigInt(values[table.rowidColumn] as number | bigint);
      const stored = table.rowidColumn === undefined ? values : values.map((v, c) => (c === table.rowidColumn ? null : v));
      return { rowid, payload: encodeRecord(stored) };
    });
    for (let i = 1; i < rows.length; i++) {
      if (rows[i].rowid <= rows[i - 1].rowid) throw new Error(`table ${table.name}: rows must be in increasing rowid order`);
    }
    const root = writeTable(pages, rows);
    master.push(["table", table.name, table.name, root, table.sql]);
  }
  writeTable(pages, master.map((values, i) => ({ rowid: BigInt(i + 1), payload: encodeRecord(values) })), 1);

  const header = pages.get(1);
  header.set(encoder.encode("SQLite format 3\0"), 0);
  writeU16(header, 16, PAGE_SIZE);
  header[18] = 1; // legacy (rollback journal) write version
  header[19] = 1;
  header[20] = 0; // reserved bytes per page
  header[21] = 64;
  header[22] = 32;
  header[23] = 32;
  writeU32(header, 24, 1); // file change counter
  writeU32(header, 28, pages.pages.length);
  writeU32(header, 40, 1); // schema cookie
  writeU32(header, 44, 4); // schema format
  writeU32(header, 56, 1); // UTF-8
  writeU32(header, 92, 1); // version-valid-for = change counter
  writeU32(header, 96, 3_045_000);

  const file = new Uint8Array(pages.pages.length * PAGE_SIZE);
  pages.pages.forEach((page, i) => file.set(page, i * PAGE_SIZE));
  return file;
}
