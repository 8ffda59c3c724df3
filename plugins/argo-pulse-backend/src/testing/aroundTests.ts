type Hook = (hook: () => Promise<void>) => void;

/**
 * Something a test block needs running (a plugin, a simulator): started
 * before the block's tests and stopped after them. The object returned
 * stands for the running one, so the block can name it where it declares
 * its helpers; hooks the block registers after this call run after the start.
 */
export function startedForAllTests<T extends object>(
  start: () => Promise<T>,
  stop: (running: T) => Promise<unknown>,
): T {
  return startedAround(beforeAll, afterAll, start, stop);
}

/** As startedForAllTests, but a new one for each test: for tests that change its state. */
export function startedForEachTest<T extends object>(
  start: () => Promise<T>,
  stop: (running: T) => Promise<unknown>,
): T {
  return startedAround(beforeEach, afterEach, start, stop);
}

function startedAround<T extends object>(
  before: Hook,
  after: Hook,
  start: () => Promise<T>,
  stop: (running: T) => Promise<unknown>,
): T {
  let running: T | undefined;
  before(async () => {
    running = await start();
  });
  after(async () => {
    if (running) await stop(running);
    running = undefined;
  });
  return new Proxy({} as T, {
    get: (_, key) => {
      if (!running)
        throw new Error('It runs only in the tests and their hooks');
      const value = Reflect.get(running, key);
      // A method is called on the running object itself, whose private state the stand-in lacks.
      return typeof value === 'function' ? value.bind(running) : value;
    },
  });
}
