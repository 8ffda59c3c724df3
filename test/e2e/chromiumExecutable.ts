// Which Chromium the browser test drives. Never a test tool's own browser
// download: CHROMIUM_PATH, else a Chromium or Chrome the machine has, else
// the Chromium build inside the @sparticuz/chromium npm package (Linux).
// CHROMIUM_PATH=packaged takes the package's even where one is installed:
// CI does, so it proves the path of a machine that has none.
import { existsSync } from 'node:fs';

const INSTALLED = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
];

export interface ChromiumExecutable {
  path: string;
  /** Where it came from, for the test log. */
  source: 'CHROMIUM_PATH' | 'installed' | '@sparticuz/chromium';
}

export async function chromiumExecutable(
  env: NodeJS.ProcessEnv = process.env,
): Promise<ChromiumExecutable> {
  if (env.CHROMIUM_PATH === 'packaged') return packagedChromium();
  if (env.CHROMIUM_PATH) {
    if (!existsSync(env.CHROMIUM_PATH))
      throw new Error(
        `CHROMIUM_PATH names ${env.CHROMIUM_PATH}, which does not exist`,
      );
    return { path: env.CHROMIUM_PATH, source: 'CHROMIUM_PATH' };
  }
  const installed = INSTALLED.find(path => existsSync(path));
  if (installed) return { path: installed, source: 'installed' };
  return packagedChromium();
}

async function packagedChromium(): Promise<ChromiumExecutable> {
  if (
    process.platform !== 'linux' ||
    !['x64', 'arm64'].includes(process.arch)
  ) {
    throw new Error(
      'no Chromium found: install Chromium or Google Chrome, or set CHROMIUM_PATH to one',
    );
  }
  // The package unpacks its brotli-compressed build into the temporary folder on first use.
  const { default: packaged } = await import('@sparticuz/chromium');
  return {
    path: await packaged.executablePath(),
    source: '@sparticuz/chromium',
  };
}
