import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const BIN = resolve(__dirname, '../bin/argo-pulse.js');

describe('the argo-pulse executable', () => {
  it('prints its usage with --help and exits 0', () => {
    const result = spawnSync(process.execPath, [BIN, '--help'], {
      encoding: 'utf8',
    });
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(
      /^usage:\n {2}argo-pulse expect --entity <ref> --image <repo:tag>/,
    );
    expect(result.stdout).toMatch(
      /exit codes: 0 deployed, 1 failed, 2 timed out, 3 usage or input error, 4 Backstage unreachable or unauthorized/,
    );
  });

  it('exits 3 on a usage mistake, saying what is wrong on stderr', () => {
    const result = spawnSync(
      process.execPath,
      [BIN, 'expect', '--entity', 'x'],
      {
        encoding: 'utf8',
        env: {
          ...process.env,
          ARGO_PULSE_URL: 'http://localhost:7007',
          ARGO_PULSE_TOKEN: 't',
        },
      },
    );
    expect(result.status).toBe(3);
    expect(result.stderr).toMatch(/^argo-pulse: give at least one --image/);
  });
});
