import { createApp } from '@backstage/frontend-defaults';
import { navModule } from './modules/nav';
import { signInModule } from './modules/signIn';

/**
 * The app, on Backstage's new frontend system. The plugins in this package's dependencies
 * (catalog, org, user settings, Cockpit) are discovered (`app.packages: all` in
 * app-config.yaml); the modules here add what is the app's own: its sidebar and sign-in page.
 */
export default createApp({
  features: [navModule, signInModule],
});
