"""The `claimcheck` command line: subcommands live in the modules beside this one, errors are caught here once."""

from __future__ import annotations

import sys

import typer

from verifier.errors import ClaimCheckError

app = typer.Typer(
    name="claimcheck",
    help="Verify the claims in a news archive against the rest of the archive.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


def _register_commands() -> None:
    # Each area registers its own commands so that the modules stay small and independent.
    from verifier.cli import chat as cli_chat
    from verifier.cli import llm as cli_llm
    from verifier.cli import report as cli_report
    from verifier.cli import store as cli_store
    from verifier.cli import train as cli_train
    from verifier.cli import verify as cli_verify

    for module in (cli_store, cli_llm, cli_verify, cli_chat, cli_report, cli_train):
        module.register(app)


_register_commands()


def main() -> None:
    """Entry point of the console script: a ClaimCheckError becomes a message and exit code 2."""
    try:
        # Outside standalone mode click returns the exit code of typer.Exit instead of exiting.
        result = app(standalone_mode=False)
    except ClaimCheckError as exc:
        typer.secho(f"error: {exc}", fg=typer.colors.RED, err=True)
        sys.exit(2)
    except (typer.Abort, KeyboardInterrupt):
        typer.secho("aborted", err=True)
        sys.exit(130)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except Exception as exc:  # click usage errors arrive here in non-standalone mode
        # Typer vendors its own click (typer._click), so its usage errors are no
        # click.ClickException: recognise them by what they offer.
        if callable(getattr(exc, "show", None)) and isinstance(
            getattr(exc, "exit_code", None), int
        ):
            exc.show()
            sys.exit(exc.exit_code)
        raise
    if isinstance(result, int) and not isinstance(result, bool) and result:
        sys.exit(result)


if __name__ == "__main__":
    main()
