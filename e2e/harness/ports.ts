/** The e2e harness's free ports come from the tests' shared helper. */
export { freePort } from '../../test/support/ports.js';
