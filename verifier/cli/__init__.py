"""The `claimcheck` command line: one module per area, errors caught once in main."""
