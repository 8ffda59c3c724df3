import { Content } from '@backstage/core-components';
import type { ReactNode } from 'react';

/**
 * Marks what Argo Pulse renders (`data-argo-pulse`), so that a check can tell
 * our markup from the app's: the browser test holds us to zero accessibility
 * violations inside it. Lays nothing out.
 */
export function PluginRoot(props: { children: ReactNode }) {
  return (
    <div data-argo-pulse="" style={{ display: 'contents' }}>
      {props.children}
    </div>
  );
}

/** A tab of the Argo CD page: the page's main landmark, with the page's margins. */
export function SubPageContent(props: { children: ReactNode }) {
  return (
    <main data-argo-pulse="" style={{ minWidth: 0 }}>
      <Content>{props.children}</Content>
    </main>
  );
}
