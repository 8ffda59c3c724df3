import { existsSync } from 'node:fs';
import { chromiumExecutable } from './chromiumExecutable';

describe('chromiumExecutable', () => {
  it('takes CHROMIUM_PATH when it names a file', async () => {
    expect(
      await chromiumExecutable({ CHROMIUM_PATH: process.execPath }),
    ).toEqual({ path: process.execPath, source: 'CHROMIUM_PATH' });
  });

  it('says in one line when CHROMIUM_PATH names nothing', async () => {
    await expect(
      chromiumExecutable({ CHROMIUM_PATH: '/nonexistent/chromium' }),
    ).rejects.toThrow(
      'CHROMIUM_PATH names /nonexistent/chromium, which does not exist',
    );
  });

  it.runIf(process.platform === 'linux' && process.arch === 'x64')(
    'unpacks the npm package’s Chromium for CHROMIUM_PATH=packaged',
    async () => {
      const executable = await chromiumExecutable({
        CHROMIUM_PATH: 'packaged',
      });
      expect(executable.source).toBe('@sparticuz/chromium');
      expect(existsSync(executable.path)).toBe(true);
    },
  );
});
