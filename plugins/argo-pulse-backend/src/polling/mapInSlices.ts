import { setImmediate as nextTurn } from 'node:timers/promises';

/**
 * Maps a large array a slice at a time, letting the event loop serve other
 * work (page views, above all) between slices: hashing the applications of
 * many large instances at once would otherwise hold it for a second.
 */
export async function mapInSlices<T, R>(
  items: T[],
  map: (item: T) => R,
  sliceSize = 100,
): Promise<R[]> {
  const result: R[] = [];
  for (let start = 0; start < items.length; start += sliceSize) {
    if (start > 0) await nextTurn();
    for (const item of items.slice(start, start + sliceSize))
      result.push(map(item));
  }
  return result;
}
