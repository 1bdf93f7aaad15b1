/** Microsoft Graph application permission ids: the table lives in config (checks read it too). */
export { GRAPH_APP_ID, GRAPH_APP_ROLES } from '../../config/graph-app-roles.js';
