import { setImmediate as nextTurn } from 'node:timers/promises';

/**
 * Lets a long computation give the event loop back every `budgetMs` of work,
 * so page views are served in between: the loop calls `breathe()` often
 * (it costs a clock read) and is paused only once its slice is used up.
 */
export class TimeSlices {
  private sliceStart = performance.now();

  constructor(private readonly budgetMs = 10) {}

  async breathe(): Promise<void> {
    if (performance.now() - this.sliceStart < this.budgetMs) return;
    await nextTurn();
    this.sliceStart = performance.now();
  }
}
