/** The built-in checks BG-001…BG-025, one file each; the catalogue (src/steps/catalog.ts) lists them. */
import { check as bg001 } from './bg-001-account-count.js';
import { check as bg002 } from './bg-002-cloud-only.js';
import { check as bg003 } from './bg-003-permanent-ga.js';
import { check as bg004 } from './bg-004-phishing-resistant.js';
import { check as bg005 } from './bg-005-no-weak-methods.js';
import { check as bg006 } from './bg-006-exclusion-group.js';
import { check as bg007 } from './bg-007-ca-exclusion-coverage.js';
import { check as bg008 } from './bg-008-legacy-auth-block.js';
import { check as bg009 } from './bg-009-fido2-policy.js';
import { check as bg010 } from './bg-010-no-tap.js';
import { check as bg011 } from './bg-011-signin-logs-exported.js';
import { check as bg012 } from './bg-012-signin-alert.js';
import { check as bg013 } from './bg-013-validated-recently.js';
import { check as bg014 } from './bg-014-credentials-rotated.js';
import { check as bg015 } from './bg-015-access-review.js';
import { check as bg016 } from './bg-016-audit-alert.js';
import { check as bg017 } from './bg-017-nothing-else.js';
import { check as bg018 } from './bg-018-what-if.js';
import { check as bg019 } from './bg-019-security-defaults.js';
import { check as bg020 } from './bg-020-password-never-expires.js';
import { check as bg021 } from './bg-021-exclusion-group-owners.js';
import { check as bg022 } from './bg-022-accounts-own-nothing.js';
import { check as bg023 } from './bg-023-app-credentials-and-grants.js';
import { check as bg024 } from './bg-024-app-signins-alerted.js';
import { check as bg025 } from './bg-025-emergency-group-empty.js';
import { check as bg026 } from './bg-026-app-azure-roles-and-workload-ca.js';
import { check as bg027 } from './bg-027-phishing-resistant-required.js';
import { check as bg028 } from './bg-028-few-global-admins.js';
import { check as bg029 } from './bg-029-no-self-join.js';

export const BUILT_IN_CHECKS = [
  bg001,
  bg002,
  bg003,
  bg004,
  bg005,
  bg006,
  bg007,
  bg008,
  bg009,
  bg010,
  bg011,
  bg012,
  bg013,
  bg014,
  bg015,
  bg016,
  bg017,
  bg018,
  bg019,
  bg020,
  bg021,
  bg022,
  bg023,
  bg024,
  bg025,
  bg026,
  bg027,
  bg028,
  bg029,
];
