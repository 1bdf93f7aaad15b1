/**
 * Every resource route of the practice tenant (Graph, Log Analytics, ARM).
 * The server core (router) matches patterns, checks tokens and each route's
 * `permissions`, then calls the handler with the World.
 */
import type { PracticeRoute } from '../types.js';
import { directoryRoutes } from './graph-directory.js';
import { authMethodRoutes } from './graph-auth-methods.js';
import { policyRoutes } from './graph-policies.js';
import { roleRoutes } from './graph-roles.js';
import { appRoutes } from './graph-apps.js';
import { logRoutes } from './graph-logs.js';
import { logsRoutes } from './logs.js';
import { armRoutes } from './arm.js';
import { roleAssignmentRoutes } from './arm-role-assignments.js';

export function allRoutes(): PracticeRoute[] {
  return [
    ...directoryRoutes(),
    ...authMethodRoutes(),
    ...policyRoutes(),
    ...roleRoutes(),
    ...appRoutes(),
    ...logRoutes(),
    ...logsRoutes(),
    ...armRoutes(),
    ...roleAssignmentRoutes(),
  ];
}
