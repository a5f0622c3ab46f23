import { ParityError } from "../core/errors.ts";

/** A set of items by id that refuses duplicates and names the known ids on a miss. */
export class Registry<T extends { id: string }> {
  readonly #items = new Map<string, T>();

  constructor(
    /** What the items are, for messages, e.g. "guide". */
    readonly kind: string,
    items: readonly T[] = [],
  ) {
    for (const item of items) this.add(item);
  }

  add(item: T): void {
    if (this.#items.has(item.id)) {
      throw new ParityError("DUPLICATE_ID", {
        what: `A ${this.kind} with id "${item.id}" is already registered`,
        next: "give each one an id of its own",
      });
    }
    this.#items.set(item.id, item);
  }

  ids(): string[] {
    return [...this.#items.keys()];
  }

  all(): T[] {
    return [...this.#items.values()];
  }

  has(id: string): boolean {
    return this.#items.has(id);
  }

  get(id: string): T {
    const item = this.#items.get(id);
    if (item === undefined) {
      const code =
        this.kind === "guide" ? "UNKNOWN_GUIDE" : this.kind === "runtime" ? "UNKNOWN_RUNTIME" : "INVALID_INPUT";
      throw new ParityError(code, {
        what: `Unknown ${this.kind} "${id}"`,
        next: `pick one of the known ${this.kind}s: ${this.ids().join(", ")}`,
      });
    }
    return item;
  }
}
