import { Content, Header, Page } from '@backstage/core-components';
import type { ReactNode } from 'react';
import { PluginRoot } from './PluginRoot';

/** A page of its own in the legacy frontend system: Backstage's tool page with a header. */
export function ToolPage(props: {
  title: string;
  subtitle: string;
  children: ReactNode;
}) {
  return (
    <Page themeId="tool">
      <Header title={props.title} subtitle={props.subtitle} />
      <Content>
        <PluginRoot>{props.children}</PluginRoot>
      </Content>
    </Page>
  );
}
