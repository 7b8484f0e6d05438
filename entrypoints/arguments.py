"""The command line's parser: a bad argument is one line, as a bad setting is."""

from __future__ import annotations

import argparse
from typing import NoReturn


class OneLineErrors(argparse.ArgumentParser):
    """argparse prints its usage before an error; this says where help is instead.
    Subcommands' parsers take the class of the parser they are added to."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {message} (see {self.prog} --help)\n")
