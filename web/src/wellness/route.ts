import { lazy } from 'preact-iso';

/** The wellness dashboard is its own chunk and page shell: people using the personal app never load it. */
export const TEAM_PATH = '/team';
export const TeamPage = lazy(() => import('./team-page').then((m) => m.TeamPage));
