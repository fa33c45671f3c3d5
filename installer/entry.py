"""The bundle's entry point: what ``possouk`` on the command line runs."""

import sys

from possouk.launch import main

if __name__ == "__main__":
    sys.exit(main())
