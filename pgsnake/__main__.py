"""`python -m pgsnake` is the same as the `pgsnake` command."""
from pgsnake.cli.main import main

raise SystemExit(main())
