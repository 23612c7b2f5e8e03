/**
 * Registers sa11y's `toBeAccessible()` matcher (axe-core with Salesforce's preset rules) for the
 * component tests, the way trailheadapps/lwc-recipes does: each component's test asserts it on a
 * representative render and on its empty and error states.
 */
import { registerSa11yMatcher } from '@sa11y/jest';

registerSa11yMatcher();
