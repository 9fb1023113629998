"""The console chat: the assessment in a terminal, on the same engine and database as the bot."""
