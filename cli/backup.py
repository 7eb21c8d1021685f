"""``zhenggai backup DEST`` and ``zhenggai restore SRC [--force]`` (docs/audit-and-backup.md)."""

from __future__ import annotations

from pathlib import Path

import typer

from cli.context import clock_at, require_database, settings


def register(app: typer.Typer) -> None:
    app.command("backup")(backup_command)
    app.command("restore")(restore_command)


def backup_command(dest: Path = typer.Argument(..., help="备份目录（新建或为空）")) -> None:
    """Back up the database (consistent while the server runs) and the evidence files, with a manifest."""
    from workflow.backups.manifest import BackupError
    from workflow.backups.service import backup

    config = settings()
    require_database(config.database_url)
    try:
        manifest = backup(database_url=config.database_url, data_dir=config.data_dir, dest=dest,
                          now=clock_at(None).now())
    except BackupError as exc:
        typer.echo(f"错误：{exc.message}", err=True)
        raise typer.Exit(code=2) from exc
    typer.echo(f"已备份到 {dest}：{manifest.tables.get('ticket', 0)} 个问题、"
               f"{manifest.tables.get('ticket_event', 0)} 条事件、{manifest.evidence_files} 个证据文件"
               f"（清单 {dest / 'manifest.json'}）")


def restore_command(source: Path = typer.Argument(..., help="备份目录"),
                    force: bool = typer.Option(False, "--force", help="覆盖不为空的目标数据库和数据目录")) -> None:
    """Restore a backup into an empty database and data directory (checked against its manifest); the one
    command besides init-db that needs no migrated database: it fills an empty one."""
    from workflow.backups.manifest import BackupError
    from workflow.backups.service import restore

    config = settings()
    try:
        restored = restore(source=source, database_url=config.database_url, data_dir=config.data_dir,
                           force=force)
    except BackupError as exc:
        typer.echo(f"错误：{exc.message}", err=True)
        raise typer.Exit(code=2) from exc
    counts = restored.manifest.tables
    typer.echo(f"已从 {source} 恢复：{counts.get('ticket', 0)} 个问题、{counts.get('ticket_event', 0)} 条事件、"
               f"{restored.evidence_files} 个证据文件；行数与清单一致。")
    typer.echo("如本程序版本较新，请再运行 zhenggai init-db 迁移到最新结构。")
