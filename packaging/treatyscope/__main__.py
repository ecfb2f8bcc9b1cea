"""``python -m treatyscope``: the same as the ``treatyscope`` command."""
import sys

from treatyscope import main

sys.exit(main())
