import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PriorityQueue } from './priority-queue.js';

describe('PriorityQueue', () => {
  it('pops the highest priority first', () => {
    const queue = new PriorityQueue<string>();
    for (const [item, priority] of [['low', 1], ['high', 9], ['mid', 5], ['negative', -3]] as const) queue.push(item, priority);
    expect(queue.size).toBe(4);
    expect([queue.pop(), queue.pop(), queue.pop(), queue.pop(), queue.pop()]).toEqual(['high', 'mid', 'low', 'negative', undefined]);
    expect(queue.size).toBe(0);
  });

  it('pops equal priorities in the order they were pushed', () => {
    const queue = new PriorityQueue<number>();
    for (let item = 0; item < 50; item++) queue.push(item, item % 2);
    const popped = Array.from({ length: 50 }, () => queue.pop());
    expect(popped).toEqual([...Array.from({ length: 25 }, (_, n) => 2 * n + 1), ...Array.from({ length: 25 }, (_, n) => 2 * n)]);
  });

  it('drains everything it holds', () => {
    const queue = new PriorityQueue<string>();
    queue.push('a', 1);
    queue.push('b', 2);
    expect(queue.drain().sort()).toEqual(['a', 'b']);
    expect(queue.size).toBe(0);
    expect(queue.pop()).toBeUndefined();
  });

  it('behaves like a stable sort by priority under any mix of pushes and pops', () => {
    const operation = fc.oneof(fc.record({ push: fc.integer({ min: -5, max: 5 }) }), fc.constant({ pop: true as const }));
    fc.assert(
      fc.property(fc.array(operation, { maxLength: 200 }), (operations) => {
        const queue = new PriorityQueue<number>();
        let model: { item: number; priority: number }[] = [];
        let next = 0;
        for (const operation of operations) {
          if ('push' in operation) {
            queue.push(next, operation.push);
            model.push({ item: next++, priority: operation.push });
          } else {
            // Highest priority, earliest pushed among equals.
            model = model.sort((a, b) => b.priority - a.priority || a.item - b.item);
            expect(queue.pop()).toBe(model.shift()?.item);
          }
          expect(queue.size).toBe(model.length);
        }
      }),
      { numRuns: 200 },
    );
  });
});
