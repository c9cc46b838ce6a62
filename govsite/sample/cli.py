"""`govsite sample serve`: run the sample portal until Ctrl-C."""
from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import typer

sample_app = typer.Typer(help="The local sample county portal (for development and tests).", no_args_is_help=True)


@sample_app.callback()
def _sample() -> None:
    """The local sample county portal (for development and tests)."""


def _today_shanghai() -> dt.date:
    from zoneinfo import ZoneInfo

    return dt.datetime.now(ZoneInfo("Asia/Shanghai")).date()


@sample_app.command()
def serve(
    port: int = typer.Option(8800, "--port", help="Port bound on both hosts (0: any free)."),
    host: str = typer.Option("127.0.0.1", "--host", help="Loopback address of the portal."),
    ext_host: str = typer.Option("127.0.0.2", "--ext-host", help="Loopback address of its second host."),
    as_of: str | None = typer.Option(None, "--as-of", help="YYYY-MM-DD; default today in Asia/Shanghai."),
    delay_scale: float = typer.Option(1.0, "--delay-scale", help="Multiply every planted delay (0.1 for tests)."),
    answers: Path | None = typer.Option(None, "--answers", help="Write the answer file (JSON) here."),
    snapshot: int = typer.Option(1, "--snapshot", min=1, max=3, help="1: the portal; 2: the same portal a day later, "
                                 "tampered with and with new items (for a re-scan); 3: the portal of 1 with one "
                                 "finding repaired (残疾人证申请表 now also as docx)."),
) -> None:
    """Serve the sample portal and its second host until Ctrl-C."""
    from .answers import answers_for
    from .server import SampleServer

    day = dt.date.fromisoformat(as_of) if as_of else _today_shanghai()
    server = SampleServer(day, port=port, delay_scale=delay_scale, host=host, ext_host=ext_host,
                          snapshot=snapshot)
    try:
        if answers is not None:
            import json

            answers.parent.mkdir(parents=True, exist_ok=True)
            data = answers_for(server.site, server.base_url, server.ext_base_url)
            answers.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
            typer.echo(f"answers: {answers}")
        typer.echo(f"site: {server.base_url}/")
        typer.echo(f"ext:  {server.ext_base_url}/")
        typer.echo(f"as of {day.isoformat()}, snapshot {snapshot}, delay scale {delay_scale:g}; Ctrl-C to stop")
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()


if __name__ == "__main__":
    sample_app()
