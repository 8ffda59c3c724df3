import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/**
 * axe-core's violations on the page whose element lies inside what Argo
 * Pulse renders (`[data-argo-pulse]`), one line each: the rule, the element
 * and axe's summary. The app's own markup (Backstage's header, sidebar,
 * tabs) is not ours to fix here. axe is evaluated through the browser's
 * protocol, so the app's Content-Security-Policy does not stop it.
 */
export async function ourAccessibilityViolations(
  page: Page,
): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window)))
    await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    const axe = (window as any).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.flatMap(
      (violation: {
        id: string;
        nodes: Array<{ target: string[]; failureSummary?: string }>;
      }) =>
        violation.nodes
          .filter(node =>
            document
              .querySelector(node.target[0])
              ?.closest('[data-argo-pulse]'),
          )
          .map(
            node =>
              `${violation.id}: ${node.target.join(' ')}: ${(
                node.failureSummary ?? ''
              ).replace(/\s+/g, ' ')}`,
          ),
    );
  });
}
