export { usersTable, grantsTable } from './users.table.ts';
export { createUsersService, type UsersService, type GrantInput } from './users.service.ts';
export { usersRoutes } from './users.routes.ts';
