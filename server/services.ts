import type { Config } from './config.ts';
import type { Db } from './db/client.ts';
import { createAuthService } from './modules/auth/index.ts';
import { createOrganisationService } from './modules/organisation/index.ts';
import { createUsersService } from './modules/users/index.ts';

/** Every module's service over one database handle; routes receive this. */
export function createServices({ db, config }: { db: Db; config: Config }) {
  return {
    auth: createAuthService({ db, config }),
    organisation: createOrganisationService({ db }),
    users: createUsersService({ db }),
  };
}

export type Services = ReturnType<typeof createServices>;
