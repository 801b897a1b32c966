// First: starts the session check and the home page's code and data (web/boot.ts), from this small entry chunk,
// before the app's own code (antd, React: about 2 MB) has even arrived, let alone been compiled and evaluated.
import './boot.ts';
// antd's component styles, generated at build time (vite.config.ts), before the app's own: in index.html's head.
import 'virtual:antd-static.css';
import './app/app.css';

// The app (web/root.tsx). Its chunks are also preloaded from index.html (vite.config.ts, `preloadApp`), so they
// download while this entry runs.
void import('./root.tsx');
