/** The usage text of `pkicfg ca`, printed by each of its subcommands on a usage error. */
export const CA_USAGE = `usage: pkicfg ca serve [--port N] [--state DIR] [--challenge S | --challenge-file FILE] [--manual-approval]
                       [--validity-days N] [--cmp-reference R (--cmp-secret S | --cmp-secret-file FILE)]
                       [--cmp-ra FILE.pem]
       pkicfg ca pending [--state DIR]
       pkicfg ca approve (TXID... | --all) [--state DIR]
       pkicfg ca reject TXID... [--state DIR]
       pkicfg ca revoke SERIAL [REASON] [--state DIR]
         REASON: unspecified keyCompromise cACompromise affiliationChanged superseded
                 cessationOfOperation certificateHold privilegeWithdrawn aACompromise
`;
