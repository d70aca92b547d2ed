import sys

from zhifa.cli.main import main

sys.exit(main())
