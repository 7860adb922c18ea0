/** Every semantic rule, in the order their diagnostics are reported. One rule per file. */
import type { Rule } from '../rule.js';
import { referenceExistsRule } from './reference-exists.js';
import { enrollmentUrlRequiredRule } from './enrollment-url-required.js';
import { reenrollTriggerRequiredRule } from './reenroll-trigger-required.js';
import { ikePolicyAuthenticationRule } from './ike-policy-authentication.js';
import { ikePolicyProposalsRule } from './ike-policy-proposals.js';
import { ikeGatewayDynamicIdentityRule } from './ike-gateway-dynamic-identity.js';
import { externalInterfaceExistsRule } from './external-interface-exists.js';
import { ikeGatewayExternalInterfaceRule } from './ike-gateway-external-interface.js';
import { choiceExclusiveRule } from './choice-exclusive.js';
import { noRemoteTraceRule } from './no-remote-trace.js';
import { deprecatedStatementRule } from './deprecated-statement.js';
import { unmodelledStatementRule } from './unmodelled-statement.js';

export const RULES: readonly Rule[] = [
  referenceExistsRule,
  enrollmentUrlRequiredRule,
  reenrollTriggerRequiredRule,
  ikePolicyAuthenticationRule,
  ikePolicyProposalsRule,
  ikeGatewayDynamicIdentityRule,
  externalInterfaceExistsRule,
  ikeGatewayExternalInterfaceRule,
  choiceExclusiveRule,
  noRemoteTraceRule,
  deprecatedStatementRule,
  unmodelledStatementRule,
];
