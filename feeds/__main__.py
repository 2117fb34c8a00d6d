"""``python -m feeds``."""

from feeds.cli import main

raise SystemExit(main())
