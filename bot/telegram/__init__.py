"""The Telegram front-end: a thin adapter between Telegram updates and the dialogue engine.

`run.py` wires everything together; `handlers.py` turns updates into engine
inputs; `screen.py`, `layout.py`, `keyboards.py` and `send.py` show the
result; `users.py` and `commands.py` keep users and the command menu;
`retry.py`, `updates.py`, `errors.py` and `logs.py` keep the bot up and its
secrets out of the logs.
"""
