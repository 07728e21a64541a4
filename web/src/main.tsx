import { render } from 'preact';
import { App } from './app';
import './theme.css';

render(<App />, document.getElementById('app')!);

// offline shell and Web Push; not in the dev server (its modules are not the built files)
if ('serviceWorker' in navigator && import.meta.env.PROD) {
  addEventListener('load', () => void navigator.serviceWorker.register('/sw.js'));
}
