import { fileURLToPath } from 'node:url';

/** The installed watch-digest package: its templates, workflow and package.json ship with it. */
export const PACKAGE_ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The templates shipped with watch-digest, used when a project has none of its own. */
export const BUNDLED_TEMPLATES = fileURLToPath(new URL('../templates/', import.meta.url));
