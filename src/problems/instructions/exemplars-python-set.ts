/**
 * The iteration order of a CPython `set` of non-negative integers, reproduced so that exemplar
 * selection can break ties the way the reference does (it counts wrong answers by iterating
 * `set(list(df.index))` and keeps that order through a stable sort).
 *
 * For an int, `hash(n) == n` (below 2**61 - 1), so the order depends only on the values and on the
 * order they were added, never on PYTHONHASHSEED. The table logic follows CPython's Objects/setobject.c
 * (`set_add_entry`, `set_insert_clean`, `set_table_resize`), unchanged from CPython 3.7 through 3.13: the
 * reference was run on 3.10 and the test vectors were computed with 3.8 to 3.13, which all agree.
 */

/** PySet_MINSIZE: a new set has 8 slots. */
const MIN_SIZE = 8;
/** LINEAR_PROBES: slots tried right after the hashed one before jumping. */
const LINEAR_PROBES = 9;
/** PERTURB_SHIFT: how fast the high bits of the hash enter the probe sequence. */
const PERTURB_DIVISOR = 2 ** 5;
/** Above this many entries a full table grows x2 instead of x4. */
const LARGE_SET_USED = 50_000;
const EMPTY = -1;

/** Python `set` of non-negative safe integers, built by adding values one at a time. */
class IntSetTable {
  private table = new Float64Array(MIN_SIZE).fill(EMPTY);
  private used = 0;

  add(value: number): void {
    if (!Number.isSafeInteger(value) || value < 0) {
      throw new RangeError(`the Python set order is reproduced for non-negative safe integers only; got ${value}`);
    }
    const slot = this.findSlot(this.table, value, true);
    if (slot === null) return; // already present
    this.table[slot] = value;
    this.used += 1;
    const mask = this.table.length - 1;
    // CPython resizes once the table is 3/5 full (no deletions here, so fill == used).
    if (this.used * 5 >= mask * 3) this.resize(this.used > LARGE_SET_USED ? this.used * 2 : this.used * 4);
  }

  /** Iteration order: the table's slots from first to last. */
  values(): number[] {
    return Array.from(this.table).filter((v) => v !== EMPTY);
  }

  /**
   * The slot `value` goes into: the hashed slot, then (when they fit before the table's end) the next
   * LINEAR_PROBES slots, then a perturbed jump. Returns null when `value` is already there.
   */
  private findSlot(table: Float64Array, value: number, checkPresent: boolean): number | null {
    const size = table.length;
    const mask = size - 1;
    // size_t arithmetic wraps modulo 2**64; the table size divides that, so reducing modulo size
    // early keeps every intermediate exact in a double.
    let i = value % size;
    let perturb = value;
    for (;;) {
      const probes = i + LINEAR_PROBES <= mask ? LINEAR_PROBES : 0;
      for (let j = 0; j <= probes; j++) {
        const held = table[i + j] as number;
        if (held === EMPTY) return i + j;
        if (checkPresent && held === value) return null;
      }
      perturb = Math.floor(perturb / PERTURB_DIVISOR);
      i = (i * 5 + 1 + (perturb % size)) % size;
    }
  }

  /** `set_table_resize`: the smallest power of two above `minUsed`, refilled in old slot order. */
  private resize(minUsed: number): void {
    let size = MIN_SIZE;
    while (size <= minUsed) size *= 2;
    const old = this.table;
    const table = new Float64Array(size).fill(EMPTY);
    for (const value of old) {
      if (value !== EMPTY) table[this.findSlot(table, value, false) as number] = value;
    }
    this.table = table;
  }
}

/** The order in which Python iterates `set(values)`, the values added in the order given. */
export function pythonIntSetOrder(values: Iterable<number>): number[] {
  const set = new IntSetTable();
  for (const value of values) set.add(value);
  return set.values();
}
