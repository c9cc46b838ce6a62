"""The errors a person is told about: one base class, one line each, and the exit code they mean.

Every error that reaches the command line as a sentence (rather than a traceback) derives from
`GovsiteError`.  `BadInput` is the user's to fix (exit 2: a malformed URL, a broken profile, an
unknown scan); `CannotRun` is the world's (exit 1: an unreachable site, a store that cannot be
written).
"""
from __future__ import annotations


class GovsiteError(Exception):
    """An error whose message is a sentence for the user; `exit_code` is what the CLI exits with."""

    exit_code = 1


class BadInput(GovsiteError):
    """Input the user gave is wrong: fix it and run again."""

    exit_code = 2


class CannotRun(GovsiteError):
    """The job could not do its work (site unreachable, store not writable, ...)."""

    exit_code = 1


class ScanFailed(CannotRun):
    """The scan could not do its job (e.g. the site is unreachable); the message is for the user."""
