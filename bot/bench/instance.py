"""One instance of the several-instance run (instances.py), as a process of its own:
`python -m bot.bench.instance DATABASE_URL BOT_API_URL PORT SECRET`."""

import logging
import sys

from bot.bench.ours import serve_instance

if __name__ == "__main__":
    logging.basicConfig(level=logging.WARNING)
    database, api_url, port, secret = sys.argv[1:5]
    serve_instance(database, api_url, int(port), secret)
