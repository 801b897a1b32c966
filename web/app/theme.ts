import type { ThemeConfig } from 'antd';

/**
 * The theme antd's static stylesheet is generated with (vite.config.ts, `virtual:antd-static.css`). Unhashed: the
 * generated selectors are plain `.ant-…` classes, the same in development and in the build.
 */
export const antdStaticTheme: ThemeConfig = {
  hashed: false,
  token: {
    colorPrimary: '#0b5cad',
    borderRadius: 6,
    fontFamily:
      "-apple-system, BlinkMacSystemFont, 'Segoe UI', 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'WenQuanYi Micro Hei', 'Helvetica Neue', Arial, sans-serif",
  },
  components: {
    Layout: { headerBg: '#ffffff', headerPadding: '0 16px', headerHeight: 56, siderBg: '#001529' },
  },
};

/**
 * The app's theme: the static one, with antd's runtime style generation off (`zeroRuntime`): the component styles
 * come from the stylesheet built from `antdStaticTheme`; antd still sets the theme's CSS variables at runtime.
 */
export const theme: ThemeConfig = { ...antdStaticTheme, zeroRuntime: true };
