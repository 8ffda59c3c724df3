import { Content, Header, Page } from '@backstage/core-components';
import type { ReactNode } from 'react';

/** A page of its own in the legacy frontend system: Backstage's tool page with a header. */
export function ToolPage(props: {
  title: string;
  subtitle: string;
  children: ReactNode;
}) {
  return (
    <Page themeId="tool">
      <Header title={props.title} subtitle={props.subtitle} />
      <Content>{props.children}</Content>
    </Page>
  );
}
