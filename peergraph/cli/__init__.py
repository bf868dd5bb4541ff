"""The `peergraph` command: thin wrappers over the library functions, one module per group of commands.

Errors the user can act on (`PeergraphError`) print as one line on stderr and exit with their
code; no command holds logic beyond reading arguments and printing results.
"""

from __future__ import annotations

import typer

from peergraph.cli import accounts, cqc, keys, patterns, plans, reports, service
from peergraph.cli.brief import brief_command
from peergraph.cli.viz import viz_app

app = typer.Typer(
    name="peergraph",
    help="A knowledge graph of adult social care peer challenge reports, recommendations and action plans.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

app.command()(reports.parse)
app.command("import")(reports.import_)
app.command()(reports.stats)
app.command()(reports.query)
app.command()(reports.export)
app.command()(reports.restore)
app.command("import-plan")(plans.import_plan_command)
app.command()(plans.link)
app.command("plan-template")(plans.plan_template)
app.command("export-plan")(plans.export_plan)
app.add_typer(patterns.patterns_app, name="patterns")
app.command()(patterns.tag)
app.command()(service.serve)
app.add_typer(keys.keys_app, name="keys")
app.add_typer(accounts.accounts_app, name="accounts")
app.command()(service.demo)
app.add_typer(viz_app, name="viz")
app.command("brief")(brief_command)
app.command("import-cqc")(cqc.import_cqc_command)


if __name__ == "__main__":  # pragma: no cover
    app()
