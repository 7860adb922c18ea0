import { noRemoteTraceRule } from '../../src/validate/rules/no-remote-trace.js';
import { testRule } from './rule-tester.js';

testRule(noRemoteTraceRule, {
  valid: [
    'set system tracing destination-override syslog host 192.0.2.5\nset security pki traceoptions no-remote-trace',
  ],
  invalid: [
    {
      text: 'set security pki traceoptions no-remote-trace',
      errors: [
        { code: 'NO_REMOTE_TRACE', path: 'security pki traceoptions: no-remote-trace', line: 1, column: 31 },
      ],
    },
  ],
});
