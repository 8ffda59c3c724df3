/** A configuration mistake; the message names the key. */
export class ArgoPulseConfigError extends Error {
  constructor(key: string, problem: string) {
    super(`Invalid Argo Pulse configuration at '${key}': ${problem}`);
    this.name = 'ArgoPulseConfigError';
  }
}
