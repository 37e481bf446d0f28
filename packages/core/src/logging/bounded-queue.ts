/**
 * A ring buffer of at most `capacity` items: pushing onto a full one drops the oldest and
 * counts it. O(1) per push and shift, one array allocated once.
 */
export class BoundedQueue<T> {
  private readonly items: Array<T | undefined>;
  private head = 0;
  private count = 0;
  /** Items dropped since the last `takeDropped()`. */
  private droppedSince = 0;
  /** Items dropped over the queue's life. */
  totalDropped = 0;

  constructor(readonly capacity: number) {
    this.items = new Array<T | undefined>(capacity);
  }

  get length(): number {
    return this.count;
  }

  push(item: T): void {
    if (this.count === this.capacity) {
      // Full: the oldest makes room.
      this.items[this.head] = item;
      this.head = (this.head + 1) % this.capacity;
      this.droppedSince++;
      this.totalDropped++;
      return;
    }
    this.items[(this.head + this.count) % this.capacity] = item;
    this.count++;
  }

  shift(): T | undefined {
    if (this.count === 0) return undefined;
    const item = this.items[this.head];
    this.items[this.head] = undefined;
    this.head = (this.head + 1) % this.capacity;
    this.count--;
    return item;
  }

  /** How many were dropped since the last call; resets the count. */
  takeDropped(): number {
    const dropped = this.droppedSince;
    this.droppedSince = 0;
    return dropped;
  }
}
