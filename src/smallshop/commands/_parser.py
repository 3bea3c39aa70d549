"""argparse, made to speak the business's language and to complain only in WrongCommandLine
(and the typed parameters' UsageError).

- Values are checked by typed parameters (_params), which raise UsageError with a key.
- Required options and unknown arguments are checked here, after parsing, by name.
- What argparse still raises itself (an option at the end without its value, a flag
  given a value) arrives as ArgumentError (exit_on_error=False); it is classified by
  the option it names (does that option take a value?), never by its English text.
- Abbreviated options (`--mon` for `--month`) are off: an unknown word is refused
  rather than guessed.
- The usage line, the section titles and -h are translated.
"""

from __future__ import annotations

import argparse
import logging
from typing import Any, NoReturn, Sequence

from ..i18n import Translator
from ._errors import WrongCommandLine
from ._params import Param

log = logging.getLogger(__name__)


class CommandLineParser(argparse.ArgumentParser):
    def __init__(self, *, t: Translator, **kwargs: Any) -> None:
        super().__init__(add_help=False, allow_abbrev=False, exit_on_error=False, **kwargs)
        self.t = t
        self.required_options: list[tuple[str, str]] = []  # (option, dest)
        # argparse's own group titles are English; these two attributes are its API for them
        self._positionals.title = t("cli.help.arguments")
        self._optionals.title = t("cli.help.options")
        self.add_argument("-h", "--help", action="help", help=_escaped(t("cli.help.help")))

    # --- declaring ------------------------------------------------------------
    def option(self, *flags: str, param: Param[Any] | None = None, help: str, required: bool = False,
               help_params: dict[str, object] | None = None, **kwargs: Any) -> argparse.Action:
        """An option (or a positional) whose value is checked by `param`; `help` is a catalog key."""
        if param is not None:
            kwargs.setdefault("metavar", param.metavar)
        # the name a message gives it: the option, or a positional's metavar ("FILE")
        name = flags[-1] if flags[-1].startswith("-") else str(kwargs.get("metavar") or flags[-1])
        if param is not None:
            kwargs["type"] = lambda text, p=param: p.convert(text, name)
        action = self.add_argument(*flags, help=_escaped(self.t(help, **(help_params or {}))), **kwargs)
        if required:
            self.required_options.append((name, action.dest))
        return action

    def flag(self, *flags: str, help: str) -> argparse.Action:
        return self.add_argument(*flags, action="store_true", help=_escaped(self.t(help)))

    # --- parsing --------------------------------------------------------------
    def parse_known_args(self, args: Sequence[str] | None = None,  # type: ignore[override]  # typeshed overloads it per namespace type; one form here
                         namespace: argparse.Namespace | None = None) -> tuple[argparse.Namespace, list[str]]:
        try:
            parsed, extras = super().parse_known_args(args, namespace)
        except argparse.ArgumentError as err:
            raise self._usage_error(err) from None
        missing = [option for option, dest in self.required_options if getattr(parsed, dest, None) is None]
        if missing:
            raise WrongCommandLine("cli.args.required", names=", ".join(missing))
        return parsed, extras

    def parse_args(self, args: Sequence[str] | None = None,  # type: ignore[override]  # typeshed overloads it per namespace type; one form here
                   namespace: argparse.Namespace | None = None) -> argparse.Namespace:
        parsed, extras = self.parse_known_args(args, namespace)
        if extras:
            raise WrongCommandLine("cli.args.unknown", arguments=" ".join(extras))
        return parsed

    def _usage_error(self, err: argparse.ArgumentError) -> WrongCommandLine:
        """ArgumentError names its option; whether that option takes a value tells
        which mistake it was (its message is not read)."""
        log.debug("argparse: %s", err)
        for action in self._actions:
            if action.option_strings and "/".join(action.option_strings) == err.argument_name:
                option = action.option_strings[-1]
                if action.nargs == 0:
                    return WrongCommandLine("cli.args.takes_no_value", option=option)
                return WrongCommandLine("cli.args.needs_value", option=option)
        return WrongCommandLine("cli.args.wrong")

    def error(self, message: str) -> NoReturn:
        """What argparse still reports by message (none of the options smallshop
        declares should get here): one translated line, never its English."""
        log.debug("argparse: %s", message)
        raise WrongCommandLine("cli.args.wrong")

    # --- help -----------------------------------------------------------------
    def format_usage(self) -> str:
        formatter = self._get_formatter()
        formatter.add_usage(self.usage, self._actions, self._mutually_exclusive_groups,
                            prefix=self.t("cli.help.usage") + " ")
        return formatter.format_help()

    def format_help(self) -> str:
        formatter = self._get_formatter()
        formatter.add_usage(self.usage, self._actions, self._mutually_exclusive_groups,
                            prefix=self.t("cli.help.usage") + " ")
        formatter.add_text(self.description)
        for group in self._action_groups:
            formatter.start_section(group.title)
            formatter.add_text(group.description)
            formatter.add_arguments(group._group_actions)
            formatter.end_section()
        formatter.add_text(self.epilog)
        return formatter.format_help()


def _escaped(text: str) -> str:
    """argparse %-formats help texts; a translated "%" must stay a percent sign."""
    return text.replace("%", "%%")
