"""The store's settings as the back office edits them, one group at a time.

Each group (identity and receipt text, defaults, scale rules, printer, backups) is
checked whole before anything is written: a refusal writes nothing. The ``check_*``
functions are the field-level checks the screen runs as each field is edited; the
``save_*`` functions run them again (the screen is not trusted) and then write through
the services the command line uses (:func:`possouk.services.setup.update_store`,
:func:`possouk.services.catalog.set_scale_rules`,
:func:`possouk.services.printing.set_printer`), so the permission checks and the event
log are the same.
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from possouk.domain import barcode as barcodes
from possouk.domain import identifiers, text
from possouk.domain.calendar import utc_now
from possouk.domain.errors import N_, UserError
from possouk.domain.model import Store, User
from possouk.domain.money import parse_amount, parse_rate
from possouk.domain.permissions import Permission, require
from possouk.hardware.printers import PrinterConfig
from possouk.services import catalog, maintenance, printing, setup
from possouk.services.events import log_event
from possouk.storage import backup
from possouk.storage.uow import Database

__all__ = [
    "BACKUP_KEY",
    "IDENTITY_FIELDS",
    "MAX_TOLERANCE",
    "BackupResult",
    "BackupSettings",
    "UsbDevice",
    "add_scale_rule",
    "backup_now",
    "backup_settings",
    "check_commission",
    "check_cutoff",
    "check_device_path",
    "check_folder",
    "check_host",
    "check_identity",
    "check_identity_field",
    "check_keep",
    "check_port",
    "check_preview_folder",
    "check_restore",
    "check_serial_device",
    "check_tolerance",
    "check_usb_id",
    "print_test_page",
    "printer_profiles",
    "remove_scale_rule",
    "restore",
    "save_backup_settings",
    "save_defaults",
    "save_identity",
    "save_printer",
    "usb_devices",
]

BACKUP_KEY = "backup"
"""Store setting: where "Back up now" writes and how many copies it keeps."""

IDENTITY_FIELDS = ("name_ar", "name_fr", "address", "phone", "ice", "if_number", "rc",
                   "receipt_footer")
MAX_TOLERANCE = 100_000  # centimes: 1,000 DH, as update_store allows
KEEP_RANGE = (1, 100)


# -- identity -------------------------------------------------------------------------------------

_IDENTITY_CHECKS: dict[str, Callable[[str], str]] = {
    "name_ar": lambda v: text.clean_name(v, field="name_ar"),
    "name_fr": lambda v: text.clean_name(v, field="name_fr"),
    "address": lambda v: text.clean_optional(v, field="address"),
    "phone": identifiers.validate_phone,
    "ice": identifiers.validate_ice,
    "if_number": lambda v: text.clean_optional(v, field="if_number"),
    "rc": lambda v: text.clean_optional(v, field="rc"),
    "receipt_footer": lambda v: text.clean_optional(v, field="receipt_footer"),
}


def check_identity_field(name: str, value: str) -> str:
    """One field of the store's identity, cleaned (:class:`UserError` when refused)."""
    return _IDENTITY_CHECKS[name](value)


def check_identity(values: Mapping[str, str]) -> dict[str, str]:
    """Every field given, cleaned; the first refusal raises."""
    unknown = set(values) - set(_IDENTITY_CHECKS)
    if unknown:
        raise UserError(N_("Unknown store setting: {name}"), name=", ".join(sorted(unknown)))
    return {name: check_identity_field(name, value) for name, value in values.items()}


def save_identity(db: Database, actor: User, values: Mapping[str, str]) -> Store:
    """Save the store's names, address, phone, ICE, IF, RC and receipt footer; logged."""
    require(actor, Permission.MANAGE_SETTINGS)
    return setup.update_store(db, actor, **check_identity(values))


# -- defaults -------------------------------------------------------------------------------------

def check_commission(typed: str) -> int:
    """A default commission typed in percent (0 to 100), as basis points."""
    return parse_rate(typed)


def check_tolerance(typed: str) -> int:
    """The cash tolerance typed in dirhams, as centimes (0 to 1,000 DH)."""
    centimes = parse_amount(typed)
    if centimes > MAX_TOLERANCE:
        raise UserError(N_("The cash tolerance may not be more than {limit} dirhams."),
                        limit=MAX_TOLERANCE // 100)
    return centimes


def check_cutoff(minutes: int) -> int:
    """The end of the business day, in minutes after midnight (00:00 to 23:59)."""
    if not 0 <= minutes < 24 * 60:
        raise UserError(N_("The end of the business day must be a time from 00:00 to 23:59."))
    return minutes


def save_defaults(db: Database, actor: User, *, commission: str, cutoff_minutes: int,
                  tolerance: str) -> Store:
    """Save the default commission (percent), the day's cut-off and the cash tolerance."""
    require(actor, Permission.MANAGE_SETTINGS)
    changes = {
        "default_commission": check_commission(commission),
        "day_cutoff_minutes": check_cutoff(cutoff_minutes),
        "cash_tolerance": check_tolerance(tolerance),
    }
    return setup.update_store(db, actor, **changes)


# -- scale rules ----------------------------------------------------------------------------------

def add_scale_rule(db: Database, actor: User, prefix: str, kind: str, item_digits: int,
                   value_digits: int) -> tuple[barcodes.ScaleRule, ...]:
    """Add a label-scale rule to the store's (checked together: no overlapping prefixes)."""
    require(actor, Permission.MANAGE_SETTINGS)
    if kind not in ("weight", "price"):
        raise UserError(N_("The kind of a scale rule must be weight or price."))
    rule = barcodes.ScaleRule(prefix.strip(), "weight" if kind == "weight" else "price",
                              item_digits, value_digits)
    rules = barcodes.check_scale_rules((*catalog.get_scale_rules(db), rule))
    return catalog.set_scale_rules(db, actor, barcodes.rules_to_json(rules))


def remove_scale_rule(db: Database, actor: User, prefix: str) -> tuple[barcodes.ScaleRule, ...]:
    """Remove the scale rule of ``prefix``."""
    require(actor, Permission.MANAGE_SETTINGS)
    rules = catalog.get_scale_rules(db)
    kept = tuple(r for r in rules if r.prefix != prefix)
    if len(kept) == len(rules):
        raise UserError(N_("There is no scale rule with the prefix {prefix}."), prefix=prefix)
    return catalog.set_scale_rules(db, actor, barcodes.rules_to_json(kept))


# -- the printer ----------------------------------------------------------------------------------

def printer_profiles() -> list[str]:
    """The python-escpos printer profiles one may choose ("default" first)."""
    from escpos.capabilities import CAPABILITIES  # type: ignore[import-untyped]

    names = sorted(str(name) for name in CAPABILITIES["profiles"])
    return ["default", *(n for n in names if n != "default")] if "default" in names else names


def _probe(values: Mapping[str, Any]) -> PrinterConfig:
    """A printer setting checked by :class:`PrinterConfig` itself (the same words as
    ``possouk printer set``), the other settings left at their defaults."""
    return PrinterConfig.from_dict(values)


def check_host(typed: str) -> str:
    return _probe({"kind": "network", "host": typed.strip()}).host


def check_port(typed: str) -> int:
    value = typed.strip()
    if not (value.isascii() and value.isdigit()):
        raise UserError(N_("The printer port must be a number from 1 to 65535, not {value}."),
                        value=typed.strip())
    return _probe({"kind": "network", "host": "printer", "port": int(value)}).port


def check_usb_id(typed: str) -> int:
    """A USB vendor or product id: four hexadecimal digits (04b8)."""
    return _probe({"kind": "usb", "usb_vendor": typed, "usb_product": typed}).usb_vendor


def check_serial_device(typed: str) -> str:
    return _probe({"kind": "serial", "serial_device": typed.strip()}).serial_device


def check_device_path(typed: str) -> str:
    return _probe({"kind": "file", "path": typed.strip()}).path


def check_preview_folder(typed: str) -> str:
    return _probe({"kind": "preview", "path": typed.strip()}).path


def save_printer(db: Database, actor: User, values: Mapping[str, Any]) -> PrinterConfig:
    """Save the receipt printer's settings (checked whole by :class:`PrinterConfig`); logged."""
    require(actor, Permission.MANAGE_SETTINGS)
    return printing.set_printer(db, actor, PrinterConfig.from_dict(values))


def print_test_page(db: Database, actor: User) -> printing.PrintOutcome:
    """Print the test page on the printer saved (Arabic, French, a barcode; opens the drawer)."""
    require(actor, Permission.MANAGE_SETTINGS)
    return printing.print_test_page(db)


# -- USB printers ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class UsbDevice:
    vendor: int
    product: int
    name: str
    printer: bool  # it says it is a printer (USB class 7); many receipt printers do not

    @property
    def ids(self) -> str:
        return f"{self.vendor:04x}:{self.product:04x}"


_SYS_USB = Path("/sys/bus/usb/devices")


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace").strip()
    except OSError:
        return ""


def _sysfs_devices() -> list[UsbDevice]:
    found: list[UsbDevice] = []
    for device in sorted(_SYS_USB.iterdir()):
        vendor, product = _read(device / "idVendor"), _read(device / "idProduct")
        if not vendor or not product or _read(device / "bDeviceClass") == "09":  # hubs
            continue
        classes = {_read(i / "bInterfaceClass") for i in device.glob(f"{device.name}:*")}
        name = " ".join(p for p in (_read(device / "manufacturer"), _read(device / "product")) if p)
        with contextlib.suppress(ValueError):
            found.append(UsbDevice(int(vendor, 16), int(product, 16), name, "07" in classes))
    return found


def _pyusb_devices() -> list[UsbDevice]:
    import usb.core

    found: list[UsbDevice] = []
    for device in usb.core.find(find_all=True):
        if device.bDeviceClass == 9:  # hubs
            continue
        classes = {i.bInterfaceClass for cfg in device for i in cfg}
        name = ""
        with contextlib.suppress(Exception):  # reading names needs access to the device
            name = " ".join(p for p in (device.manufacturer, device.product) if p)
        found.append(UsbDevice(int(device.idVendor), int(device.idProduct), name, 7 in classes))
    return found


def usb_devices() -> list[UsbDevice]:
    """The USB devices plugged in, printers first, through pyusb or (on Linux) the system's
    list; a :class:`UserError` saying why when neither can be read."""
    try:
        devices = _pyusb_devices()
    except ImportError:
        if not sys.platform.startswith("linux") or not _SYS_USB.is_dir():
            raise UserError(N_("USB printers cannot be listed on this computer: the Python "
                               "package pyusb is not installed. Type the vendor and product ids "
                               "shown by the printer's test page or the Device Manager.")) from None
        devices = _sysfs_devices()
    except Exception as exc:  # no USB backend (libusb missing), access refused…
        if sys.platform.startswith("linux") and _SYS_USB.is_dir():
            return sorted(_sysfs_devices(), key=lambda d: (not d.printer, d.vendor, d.product))
        raise UserError(N_("USB printers cannot be listed on this computer ({detail}). Type the "
                           "vendor and product ids shown by the printer's test page or the "
                           "Device Manager."), detail=str(exc) or type(exc).__name__) from exc
    return sorted(devices, key=lambda d: (not d.printer, d.vendor, d.product))


# -- backups --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class BackupSettings:
    folder: str
    keep: int


@dataclass(frozen=True)
class BackupResult:
    path: Path
    removed: list[Path]


def _default_folder(db: Database) -> str:
    path = db.path
    return str(backup.default_backup_folder(path)) if path is not None else ""


def backup_settings(db: Database) -> BackupSettings:
    """Where "Back up now" writes and how many copies it keeps (defaults: the ``backups``
    folder next to the database, 10 copies)."""
    with db.read() as uow:
        stored = uow.store.get_setting(BACKUP_KEY)
    data: dict[str, Any] = stored if isinstance(stored, dict) else {}
    folder = data.get("folder")
    keep = data.get("keep")
    return BackupSettings(
        folder=folder if isinstance(folder, str) and folder else _default_folder(db),
        keep=keep if isinstance(keep, int) and not isinstance(keep, bool) else backup.KEEP_BACKUPS,
    )


def check_keep(typed: str) -> int:
    """How many backups to keep: a whole number from 1 to 100."""
    low, high = KEEP_RANGE
    value = typed.strip()
    if not (value.isascii() and value.isdigit()) or not low <= int(value) <= high:
        raise UserError(N_("The number of backups to keep must be a whole number from {low} to "
                           "{high}."), low=low, high=high)
    return int(value)


def check_folder(typed: str) -> str:
    """A backup folder: a full path (not a file)."""
    folder = typed.strip()
    if not folder:
        raise UserError(N_("Choose the folder where the backups are written."))
    if not os.path.isabs(folder):
        raise UserError(N_("The backup folder must be a full path, such as {example}."),
                        example="D:\\possouk-backups" if sys.platform == "win32"
                        else "/media/usb/possouk")
    if Path(folder).is_file():
        raise UserError(N_("{path} is a file, not a folder."), path=folder)
    return folder


def save_backup_settings(db: Database, actor: User, folder: str, keep: str) -> BackupSettings:
    """Save the backup folder and how many copies to keep; logged."""
    require(actor, Permission.MANAGE_SETTINGS)
    settings = BackupSettings(check_folder(folder), check_keep(keep))
    with db.write() as uow:
        uow.store.set_setting(BACKUP_KEY, {"folder": settings.folder, "keep": settings.keep})
        log_event(uow, actor, "settings_changed",
                  changes={"backup_folder": settings.folder, "backup_keep": str(settings.keep)})
        setup.note_step_done(uow, actor, "backups")
        uow.commit()
    return settings


def backup_prefix(db: Database) -> str:
    """How this store's backups are named: ``possouk-`` + the store's name and the database
    file's, so stores backing up to one USB stick never rotate each other's copies out."""
    name = re.sub(r"[^a-z0-9]+", "-", setup.get_store(db).name_fr.lower()).strip("-")[:24]
    stem = re.sub(r"[^a-z0-9]+", "-", maintenance.database_file(db.url).stem.lower()).strip("-")
    return f"possouk-{name or 'store'}-{stem or 'db'}-"


def backup_now(db: Database, actor: User) -> BackupResult:
    """Back the database up into the chosen folder (a checked copy), then delete the oldest
    of this store's copies beyond the number to keep."""
    require(actor, Permission.MANAGE_SETTINGS)
    settings = backup_settings(db)
    folder = Path(check_folder(settings.folder))
    prefix = backup_prefix(db)
    stamp = utc_now().strftime("%Y%m%d-%H%M%S-%f")
    path = maintenance.backup_database(db.url, folder / f"{prefix}{stamp}.sqlite3")
    before = set(folder.glob(f"{prefix}*.sqlite3"))
    backup.rotate(folder, settings.keep, prefix=prefix)
    removed = sorted(p for p in before if not p.exists())
    with db.write() as uow:
        log_event(uow, actor, "backup", path=str(path), removed=len(removed))
        uow.commit()
    return BackupResult(path, removed)


def check_restore(source: Path) -> str:
    """Check that ``source`` is a sound possouk database before asking anything."""
    return maintenance.check_backup(source)


def restore(db: Database, actor: User, source: Path) -> Path | None:
    """Replace the database with the backup ``source`` (checked first); returns where the
    replaced database was kept. The restore is logged in the restored database."""
    require(actor, Permission.MANAGE_SETTINGS)
    maintenance.check_backup(source)
    db.close()  # let go of the pooled connections; the next unit of work opens new ones
    kept = maintenance.restore_database(db.url, source)
    maintenance.upgrade_database(db.url)  # an older backup: its schema is brought up to date
    with db.write() as uow:
        # The restored database may not know this user: the log names them in the detail.
        log_event(uow, None, "database_restored", source=str(source), by=actor.login,
                  kept=str(kept) if kept else "")
        uow.commit()
    return kept
