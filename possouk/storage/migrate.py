"""Schema versions with Alembic: create, upgrade (after a backup), refuse newer databases."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, inspect, text

from possouk.domain.errors import N_, EnvironmentFault
from possouk.storage.location import HEAD

if TYPE_CHECKING:
    from alembic.config import Config

# Alembic is imported only to create, upgrade or judge an unknown version: a third of the
# window's start went to importing it just to read a version that is almost always HEAD.
# HEAD itself lives in possouk.storage.location, which the window's first paint reads.

MIGRATIONS = Path(__file__).with_name("migrations")


def _config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def head_revision() -> str:
    """The newest schema version this program knows."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(_config()).get_current_head()
    assert head is not None
    return head


def known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    return {rev.revision for rev in ScriptDirectory.from_config(_config()).walk_revisions()}


@dataclass(frozen=True)
class SchemaState:
    current: str | None  # None: an empty database
    head: str

    @property
    def up_to_date(self) -> bool:
        return self.current == self.head

    @property
    def empty(self) -> bool:
        return self.current is None


def schema_state(engine: Engine) -> SchemaState:
    """Where the database stands; raises if it is newer than this program or not possouk's."""
    with engine.connect().execution_options(possouk_begin="DEFERRED") as conn:
        tables = set(inspect(conn).get_table_names())
        versions = (list(conn.scalars(text("SELECT version_num FROM alembic_version")))
                    if "alembic_version" in tables else [])
    if len(versions) > 1:  # possouk's migrations have no branches: one version or none
        raise EnvironmentFault(N_("This file is not a possouk database."))
    current = versions[0] if versions else None
    if current == HEAD:
        return SchemaState(current=current, head=HEAD)
    if current is None and tables - {"alembic_version"}:
        raise EnvironmentFault(N_("This file is not a possouk database."))
    if current is not None and current not in known_revisions():
        raise EnvironmentFault(
            N_(
                "This database was written by a newer version of possouk "
                "(schema {revision}); install that version to open it."
            ),
            revision=current,
        )
    return SchemaState(current=current, head=head_revision())


def upgrade(engine: Engine, then: Callable[[Connection], None] | None = None) -> None:
    """Bring the schema to the newest version (the caller backs up first); ``then`` runs in
    the same transaction, so the migrations and what they need done after them land
    together or not at all."""
    from alembic import command

    config = _config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "head")
        if then is not None:
            then(conn)
