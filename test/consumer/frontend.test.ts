// The packed frontend plugin, installed into a fresh app project outside this
// repository: the README's code for both frontend systems type-checks
// against the published declarations and bundles from the installed dist/.
import { inject } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  argoPulseEngineWarnings,
  ConsumerProject,
  createConsumerProject,
  repositoryVersion,
  run,
} from './consumerProject';
import { readmeBlock } from './readme';

let app: ConsumerProject;

beforeAll(async () => {
  const tarballs = inject('tarballs');
  const version = (name: string) => repositoryVersion(name);
  app = await createConsumerProject({
    name: 'consumer-app',
    packageJson: {
      dependencies: {
        '@argo-pulse/backstage-plugin': `file:${tarballs['@argo-pulse/backstage-plugin']}`,
        '@argo-pulse/backstage-plugin-common': `file:${tarballs['@argo-pulse/backstage-plugin-common']}`,
        '@backstage/frontend-defaults': version('@backstage/frontend-defaults'),
        '@backstage/plugin-catalog': version('@backstage/plugin-catalog'),
        '@material-ui/core': version('@material-ui/core'),
        react: version('react'),
        'react-dom': version('react-dom'),
        'react-router-dom': version('react-router-dom'),
      },
      devDependencies: {
        '@types/react': version('@types/react'),
        '@types/react-dom': version('@types/react-dom'),
        esbuild: version('esbuild'),
        typescript: version('typescript'),
      },
      // What the README tells npm users: Material UI 4 peers React 17 or older.
      // And the README's first install line for npm: -common from the tarball, never a registry.
      overrides: {
        react: '$react',
        'react-dom': '$react-dom',
        '@types/react': '$@types/react',
        '@types/react-dom': '$@types/react-dom',
        '@argo-pulse/backstage-plugin-common': `file:${tarballs['@argo-pulse/backstage-plugin-common']}`,
      },
    },
    files: {
      'src/App.tsx': readmeBlock("from '@argo-pulse/backstage-plugin/alpha'"),
      'src/EntityPage.tsx': readmeBlock('EntityArgoPulseOverviewCard'),
      'src/index.tsx': [
        // The whole app only type-checks here: bundling @backstage/plugin-catalog needs the
        // Node.js polyfills that Backstage's own bundler adds, which has nothing to do with us.
        "import ReactDOM from 'react-dom/client';",
        "import App from './App';",
        "import { argoPulseCards, argoPulseRoutes, argoPulseTab } from './EntityPage';",
        '',
        "ReactDOM.createRoot(document.getElementById('root')!).render(App.createRoot());",
        'export const legacyEntityPage = [argoPulseCards, argoPulseTab, argoPulseRoutes];',
        '',
      ].join('\n'),
      // What the README's code imports from Argo Pulse, for the bundle.
      'src/argoPulse.tsx': [
        "import argoPulsePlugin from '@argo-pulse/backstage-plugin/alpha';",
        "import { ArgoPulseInstancesPage, EntityArgoPulseContent, EntityArgoPulseHistoryCard, EntityArgoPulseOverviewCard, isArgoPulseAvailable } from '@argo-pulse/backstage-plugin';",
        '',
        'export { argoPulsePlugin, ArgoPulseInstancesPage, EntityArgoPulseContent, EntityArgoPulseHistoryCard, EntityArgoPulseOverviewCard, isArgoPulseAvailable };',
        '',
      ].join('\n'),
      'tsconfig.json': JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          lib: ['ES2022', 'DOM', 'DOM.Iterable'],
          module: 'ESNext',
          moduleResolution: 'Bundler',
          jsx: 'react-jsx',
          strict: true,
          skipLibCheck: true,
          noEmit: true,
        },
        include: ['src'],
      }),
    },
  });
});

afterAll(() => app?.remove());

describe('the packed frontend plugin in a fresh app', () => {
  it(`installs on Node.js ${process.versions.node} with no engine warning from Argo Pulse's dependencies`, async () => {
    expect(await argoPulseEngineWarnings(app)).toEqual([]);
  });

  it("type-checks the README's code for both frontend systems against the published types", async () => {
    await run('npx', ['tsc', '-p', '.'], { cwd: app.dir });
  });

  it('bundles for the browser from the installed dist/, with no source of this repository', async () => {
    const output = await run(
      'npx',
      [
        'esbuild',
        'src/argoPulse.tsx',
        '--bundle',
        '--outdir=build',
        '--format=esm',
        '--splitting',
        '--metafile=build/meta.json',
        '--log-level=warning',
        '--loader:.svg=file',
        '--loader:.png=file',
        '--loader:.woff=file',
        '--loader:.woff2=file',
        '--define:process.env.NODE_ENV="production"',
      ],
      { cwd: app.dir },
    );
    expect(output).not.toMatch(/error/i);
    const meta = JSON.parse(
      readFileSync(join(app.dir, 'build/meta.json'), 'utf8'),
    ) as { inputs: Record<string, unknown> };
    // Files of the Argo Pulse packages themselves, not of their own nested dependencies.
    const ours = Object.keys(meta.inputs).filter(input =>
      /^node_modules\/@argo-pulse\/[^/]+\/(?!node_modules\/)/.test(input),
    );
    expect(ours).toContain(
      'node_modules/@argo-pulse/backstage-plugin/dist/alpha.esm.js',
    );
    expect(ours).toContain(
      'node_modules/@argo-pulse/backstage-plugin/dist/index.esm.js',
    );
    expect(
      ours.some(input =>
        input.startsWith(
          'node_modules/@argo-pulse/backstage-plugin-common/dist/',
        ),
      ),
    ).toBe(true);
    expect(
      ours.filter(
        input => !/^node_modules\/@argo-pulse\/[^/]+\/dist\//.test(input),
      ),
    ).toEqual([]);
  });
});
