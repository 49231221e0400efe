"""The old name of `purge_old_data`, kept so that existing schedules go on working."""

from applicants.management.commands.purge_old_data import Command  # noqa: F401
