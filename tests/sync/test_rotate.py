"""Key rotation end to end (issue 15): ``tsunagi-admin rotate-key``, offices follow, versions count on.

The probe: there was no rotate command, publishing with a new key restarted at version 1, and a new
install still holding the pre-rotation key said 「信頼できません」 forever.
"""

from __future__ import annotations

from pathlib import Path

from index.directory import Directory
from index.paths import app_paths
from sync.admin import main as admin
from sync.apply import add_feed, get_feed, parse_trusted_keys, sync_feed
from sync.fetch import FetchSettings
from sync.keys import key_list_path, key_signature_path
from sync.minisign import SecretKey
from tests.records import service
from tests.sync.test_apply import write_input

SETTINGS = FetchSettings(attempts=1, deadline=20)


def _keys(tmp: Path) -> tuple[Path, Path, SecretKey, SecretKey]:
    old_file, new_file = tmp / "old.key", tmp / "new.key"
    assert admin(["keygen", "--out", str(old_file)]) == 0
    assert admin(["keygen", "--out", str(new_file)]) == 0
    old = SecretKey.from_text(old_file.read_text())
    new = SecretKey.from_text(new_file.read_text())
    return old_file, new_file, old, new


def _publish(tmp: Path, feed: Path, key: Path, records: list[dict[str, object]]) -> None:
    inputs = write_input(tmp / f"in{len(list(tmp.glob('in*')))}", records)  # type: ignore[arg-type]
    args = [
        "publish",
        str(inputs),
        "--key",
        str(key),
        "--out",
        str(feed),
        "--feed-id",
        "jp-national",
    ]
    assert admin([*args, "--confirm-phone-changes"]) == 0


def _office(tmp: Path, name: str, pub: str, feed: Path) -> Directory:
    d = Directory.open(app_paths(tmp / name), seed=False)
    add_feed(d.db, "national", str(feed), pub)
    return d


def _sync(d: Directory) -> object:
    return sync_feed(d.db, d.paths, d.regions, "national", settings=SETTINGS)


def test_rotate_key_end_to_end(tmp_path: Path) -> None:
    feed = tmp_path / "feed"
    old_file, new_file, old, new = _keys(tmp_path)
    records = [service("全国の窓口", sid="svc-a"), service("こころの相談", sid="svc-b")]
    _publish(tmp_path, feed, old_file, records[:1])
    _publish(tmp_path, feed, old_file, records)
    office = _office(tmp_path, "office", old.public_key.to_file_text(), feed)
    assert get_feed(office.db, "national").version == 0
    _sync(office)
    assert get_feed(office.db, "national").version == 2

    assert (
        admin(
            ["rotate-key", "--out", str(feed), "--key", str(old_file), "--new-key", str(new_file)]
        )
        == 0
    )
    assert (feed / key_list_path(1)).is_file()
    for key in (old, new):  # signed by both keys
        assert (feed / key_signature_path(1, key.public_key.key_id_hex)).is_file()

    # The office holding the old key follows the chain; versions keep counting; a tiny delta.
    followed = _sync(office)
    assert (followed.status, followed.version, followed.rotated_to_serial) == ("applied", 3, 1)  # type: ignore[attr-defined]
    assert followed.used_delta  # type: ignore[attr-defined]
    trusted = parse_trusted_keys(get_feed(office.db, "national").pubkey)
    assert [k.key_id_hex for k in trusted.keys] == [new.public_key.key_id_hex]

    # Publishing with the new key goes on from version 3, not from 1.
    _publish(tmp_path, feed, new_file, [*records, service("新しい窓口", sid="svc-c")])
    assert _sync(office).version == 4  # type: ignore[attr-defined]
    assert office.record("svc-c") is not None

    # A new install that still ships the pre-rotation key follows it too.
    fresh = _office(tmp_path, "fresh", old.public_key.to_file_text(), feed)
    first = _sync(fresh)
    assert (first.status, first.version) == ("applied", 4)  # type: ignore[attr-defined]
    assert fresh.record("svc-c") is not None
    office.close()
    fresh.close()


def test_rotate_key_refuses_a_folder_the_old_key_did_not_sign(tmp_path: Path) -> None:
    feed = tmp_path / "feed"
    old_file, new_file, _old, _new = _keys(tmp_path)
    _publish(tmp_path, feed, new_file, [service("窓口", sid="svc-a")])
    args = ["rotate-key", "--out", str(feed), "--key", str(old_file), "--new-key", str(new_file)]
    assert admin(args) == 1
    assert not (feed / "keys").exists()
