/**
 * Strings appended one by one and read back by position, kept as character codes in one growing
 * typed array: millions of event ids held without millions of heap strings for the garbage
 * collector to trace and promote. Latin-1 text takes a byte per character; the first character
 * above U+00FF widens the buffer to two bytes. Internal to the purchase collector.
 *
 * @example
 * ```ts
 * const ids = new StringColumn();
 * ids.push('e1');
 * ids.push('é2');
 * ids.at(1); // 'é2'
 * ```
 */
export class StringColumn {
  private chars: Uint8Array | Uint16Array = new Uint8Array(1 << 12);
  /** End offset in `chars` of each string. */
  private ends = new Uint32Array(1 << 10);
  private count = 0;
  private used = 0;

  /** Number of strings pushed. */
  get length(): number {
    return this.count;
  }

  push(value: string): void {
    const length = value.length;
    if (this.used + length > this.chars.length) this.growChars(this.used + length);
    let chars = this.chars;
    let at = this.used;
    for (let i = 0; i < length; i++) {
      const code = value.charCodeAt(i);
      if (code > 0xff && chars instanceof Uint8Array) chars = this.widen();
      chars[at++] = code;
    }
    this.used = at;
    if (this.count === this.ends.length) {
      const ends = new Uint32Array(this.ends.length * 2);
      ends.set(this.ends);
      this.ends = ends;
    }
    this.ends[this.count++] = at;
  }

  /** The string at `index` (0 <= index < length). */
  at(index: number): string {
    const start = index === 0 ? 0 : (this.ends[index - 1] as number);
    const end = this.ends[index] as number;
    let text = '';
    // In slices: String.fromCharCode takes its codes as arguments.
    for (let from = start; from < end; from += 4096) {
      const codes = this.chars.subarray(from, Math.min(end, from + 4096));
      text += String.fromCharCode.apply(null, codes as unknown as number[]);
    }
    return text;
  }

  /** True when the string at `index` equals `value`, without building the string. */
  equals(index: number, value: string): boolean {
    const start = index === 0 ? 0 : (this.ends[index - 1] as number);
    const end = this.ends[index] as number;
    if (end - start !== value.length) return false;
    for (let i = 0; i < value.length; i++) {
      if (this.chars[start + i] !== value.charCodeAt(i)) return false;
    }
    return true;
  }

  private growChars(needed: number): void {
    let capacity = this.chars.length * 2;
    while (capacity < needed) capacity *= 2;
    const chars =
      this.chars instanceof Uint8Array ? new Uint8Array(capacity) : new Uint16Array(capacity);
    chars.set(this.chars);
    this.chars = chars;
  }

  private widen(): Uint16Array {
    const chars = new Uint16Array(this.chars.length);
    chars.set(this.chars);
    this.chars = chars;
    return chars;
  }
}
