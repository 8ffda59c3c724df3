import { makeStyles } from '@material-ui/core/styles';

/**
 * Secondary text placed on the page's background rather than on a card:
 * the theme's `textSecondary` there is 4.47:1 in Backstage's light theme,
 * under WCAG's 4.5:1, so it takes a darker grey (the dark theme's passes).
 */
export const useMutedTextStyles = makeStyles(theme => ({
  muted: {
    color:
      theme.palette.type === 'light'
        ? theme.palette.grey[700]
        : theme.palette.text.secondary,
  },
}));
