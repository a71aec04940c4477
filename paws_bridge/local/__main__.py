"""``python -m paws_bridge.local``: run the local Cognito endpoint in the foreground."""

import sys

from .cli import main

sys.exit(main())
