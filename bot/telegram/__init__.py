"""The Telegram front-end: a thin adapter between Telegram updates and the dialogue engine.

`run.py` wires everything together; `handlers.py` turns updates into engine
inputs; `screen.py`, `layout.py`, `keyboards.py` and `send.py` show the
result; `users.py` and `commands.py` keep users and the command menu;
`retry.py`, `updates.py`, `errors.py` and `logs.py` keep the bot up and its
secrets out of the logs; `inbox.py` keeps every update until it is handled,
`outbox.py` every message owed until Telegram accepted it, `memory.py` what
a chat's buttons refer to; `first.py` asks the language and the country
before anything else; `webhook.py` serves Telegram's posts,
`registration.py` tells Telegram where to post them (`./advisor webhook`),
and `exits.py` says in one line why a command that talks to Telegram failed.

Around the dialogues: `checkin_handlers.py` (check-ins, KPI history),
`schedule_handlers.py` (when to remind, time zone), `reminders.py` (the
sweep and the reminder's buttons), `sharing_handlers.py` (invitations and
access), `consultant_handlers.py` (a consultant's clients),
`privacy_handlers.py` (export and erasure). `taps.py`, `lists.py` and
`notify.py` are their small shared parts.
"""
