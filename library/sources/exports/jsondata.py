"""JSON exports read as a stream: the shape of a file's start, its entries one by one, and bookmark trees.

A 100,000-entry export is tens of megabytes; read whole, Python's objects for it take
ten times that. ijson hands over one event or one entry at a time instead, so memory
stays bounded whatever the file's size. Firefox's `.jsonlz4` backups (an LZ4 block
behind a `mozLz40` header) are decompressed first; they are a few megabytes at most.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from library.article import Entry, Rejected
from library.sources.exports.loading import MAX_FILE_BYTES, display_name, read_export_file, size_text
from library.sources.exports.values import ExportProblem

# ijson and lz4 are imported where JSON is read: every file is tested for JSON by its first
# bytes, but few are JSON, and `extract` over pages starts faster without them.

MOZLZ4_MAGIC = b"mozLz40\0"
_UTF8_BOM = b"\xef\xbb\xbf"
# Enough events to see the first entries' keys however long their values are (a string is one event).
_SHAPE_EVENTS = 5_000
_SHAPE_VALUE_CHARS = 200
_SHAPE_KEYS = 40
_SHAPE_DEPTH = 32
# Folders inside folders: a browser's tree is a few levels deep; a hostile one stops here.
MAX_TREE_DEPTH = 100
# Lists and objects inside one entry: exports nest a few levels; a hostile file stops here.
MAX_JSON_DEPTH = 200

JsonEvents = Iterator[tuple[str, Any]]


@contextmanager
def open_json(path: Path, head: bytes | None = None) -> Iterator[IO[bytes]]:
    """The JSON text of `path` as a binary stream: past a UTF-8 BOM, and decompressed when LZ4-packed.

    Raises:
        ExportProblem: the file cannot be read, or its LZ4 data is damaged or too large.
    """
    if head is None:
        head = _first_bytes(path, len(MOZLZ4_MAGIC))
    if head.startswith(MOZLZ4_MAGIC):
        yield io.BytesIO(_decompress_mozlz4(read_export_file(path)))
        return
    try:
        stream = path.open("rb")
    except OSError as error:
        raise ExportProblem(f"cannot be read ({error.strerror or error})") from None
    with stream:
        if stream.read(len(_UTF8_BOM)) != _UTF8_BOM:
            stream.seek(0)
        yield stream


def _first_bytes(path: Path, size: int) -> bytes:
    try:
        with path.open("rb") as stream:
            return stream.read(size)
    except OSError as error:
        raise ExportProblem(f"cannot be read ({error.strerror or error})") from None


def _decompress_mozlz4(data: bytes) -> bytes:
    """Firefox's `mozLz40\\0`, the decompressed size (4 bytes, little-endian), then one LZ4 block."""
    import lz4.block

    declared = int.from_bytes(data[8:12], "little")
    if declared > MAX_FILE_BYTES:
        raise ExportProblem(
            f"too large when decompressed ({size_text(declared)}; the limit is {size_text(MAX_FILE_BYTES)})"
        )
    try:
        # The block starts with the same size, which is how lz4 expects it.
        decompressed: bytes = lz4.block.decompress(data[len(MOZLZ4_MAGIC) :])
    except lz4.block.LZ4BlockError as error:
        raise ExportProblem(f"damaged LZ4 data ({error})") from None
    return decompressed


def json_problem(error: Exception) -> str:
    """ijson's complaint in one line, without its picture of where ("it ends too soon: cut short?")."""
    first_line = str(error).strip().split("\n", 1)[0]
    for prefix in ("parse error: ", "lexical error: "):
        first_line = first_line.removeprefix(prefix)
    if first_line.startswith("premature EOF"):
        return "it ends too soon: the file was cut short"
    return first_line.rstrip(".") or "damaged"


# --- what a file holds at its start -------------------------------------------------------------


@dataclass(frozen=True)
class JsonShape:
    """What the first few thousand events of a JSON file showed.

    `paths` holds every key seen, as a dotted path with `item` for list members
    ("roots.bookmark_bar", "item.href"); `values` the first scalar seen at each
    path; `keys` the top object's keys, or those of a top list's first item, in order.
    """

    top: str
    paths: frozenset[str]
    values: dict[str, object]
    keys: tuple[str, ...]
    first_item: str | None = None

    def has(self, *paths: str) -> bool:
        """True when every one of `paths` was seen."""
        return all(path in self.paths for path in paths)

    def has_any(self, *paths: str) -> bool:
        """True when one of `paths` was seen."""
        return any(path in self.paths for path in paths)

    def describe(self) -> str:
        """The shape in words for a refusal: "a JSON object with keys a, b, c"."""
        keys = ", ".join(self.keys[:8]) + (", ..." if len(self.keys) > 8 else "")
        if self.top == "object":
            return f"a JSON object with keys {keys}" if self.keys else "an empty JSON object"
        if self.first_item is None:
            return "an empty JSON list"
        if self.first_item == "object" and self.keys:
            return f"a JSON list of objects with keys {keys}"
        kinds = {"list": "lists", "string": "strings", "number": "numbers", "boolean": "booleans"}
        return f"a JSON list of {kinds.get(self.first_item, 'values')}"


def json_shape(path: Path, head: bytes) -> JsonShape | None:
    """The shape of the JSON in `path` (whose first bytes are `head`); None when it is not JSON."""
    start = head.removeprefix(_UTF8_BOM).lstrip()
    if not (start.startswith((b"{", b"[")) or head.startswith(MOZLZ4_MAGIC)):
        return None
    try:
        with open_json(path, head) as stream:
            return _shape(_events(stream))
    except ExportProblem:
        return None


def _events(stream: IO[bytes]) -> JsonEvents:
    import ijson

    # basic_parse, not parse: parse builds a dotted prefix for every event, which on a
    # hostile file nested 100,000 deep costs gigabytes. Paths are tracked here, to a limit.
    return iter(ijson.basic_parse(stream, use_float=True))


def _shape(events: JsonEvents) -> JsonShape | None:
    import ijson

    top: str | None = None
    paths: set[str] = set()
    values: dict[str, object] = {}
    keys: list[str] = []
    first_item: str | None = None
    # One segment per open container: "item" in a list, the current key in an object.
    segments: list[str] = []
    try:
        for count, (event, value) in enumerate(events):
            if count >= _SHAPE_EVENTS or len(segments) > _SHAPE_DEPTH:
                break
            if event == "map_key":
                prefix = ".".join(segments[:-1])
                paths.add(f"{prefix}.{value}" if prefix else value)
                own_key = prefix == ("" if top == "object" else "item")
                if own_key and len(keys) < _SHAPE_KEYS and value not in keys:
                    keys.append(value)
                segments[-1] = value
                continue
            prefix = ".".join(segments)
            if top is None:
                if event not in ("start_map", "start_array"):
                    return None
                top = "object" if event == "start_map" else "list"
            elif top == "list" and prefix == "item" and first_item is None:
                first_item = _KINDS.get(event, event)
            elif event in ("string", "number", "boolean", "null") and prefix not in values:
                values[prefix] = value[:_SHAPE_VALUE_CHARS] if isinstance(value, str) else value
            if event in ("start_map", "start_array"):
                segments.append("" if event == "start_map" else "item")
            elif event in ("end_map", "end_array"):
                segments.pop()
    except ijson.JSONError:
        # Text that merely starts with a bracket fails at once; a JSON file damaged further
        # on still shows its shape (its reader reports the damage where it is).
        if len(paths) + len(values) < 2 and first_item is None:
            return None
    if top is None:
        return None
    return JsonShape(top, frozenset(paths), values, tuple(keys), first_item)


_KINDS = {"start_map": "object", "start_array": "list"}


# --- entries one by one -----------------------------------------------------------------------


def json_records(path: Path, prefix: str = "item") -> Iterator[object]:
    """Each value at `prefix` in the JSON file at `path` ("item": the members of a top list;
    "bookmarks.item": those of the list under the top object's `bookmarks`).

    Raises:
        ExportProblem: the file cannot be read, is not shaped so, or is not valid JSON from some point on.
    """
    import ijson

    parts = prefix.split(".")
    try:
        with open_json(path) as stream:
            events = _events(stream)
            event, value = next(events, ("end", None))
            wanted = "start_array" if parts[0] == "item" else "start_map"
            if event != wanted:
                found = _KINDS.get(event, "nothing" if event == "end" else f"a {event}")
                found = {"object": "an object", "list": "a list"}.get(found, found)
                what = "a list of entries" if wanted == "start_array" else "an object"
                raise ExportProblem(f"expected {what}, found {found}")
            yield from _values_at(events, event, value, parts, 0)
    except ijson.JSONError as error:
        raise ExportProblem(f"not valid JSON ({json_problem(error)})") from None


def _values_at(
    events: JsonEvents, event: str, value: object, parts: list[str], depth: int
) -> Iterator[object]:
    """The values at the path `parts` inside the value that starts with (`event`, `value`)."""
    if not parts:
        yield _built(events, event, value)
        return
    part, rest = parts[0], parts[1:]
    if part == "item" and event == "start_array":
        for inner_event, inner_value in events:
            if inner_event == "end_array":
                return
            yield from _values_at(events, inner_event, inner_value, rest, depth + 1)
    elif part != "item" and event == "start_map":
        for _event, key in _pairs(events):
            inner_event, inner_value = next(events)
            if key == part:
                yield from _values_at(events, inner_event, inner_value, rest, depth + 1)
            else:
                _built(events, inner_event, inner_value)
    else:
        _built(events, event, value)


def read_json_export(
    path: Path,
    entry: Callable[[object, str], Entry | Rejected | Iterable[Entry | Rejected]],
    prefix: str = "item",
) -> Iterator[Entry | Rejected]:
    """The entries of a JSON export, one for each value at `prefix`, as `entry` makes them.

    `entry` gets the value and its source ("pinboard.json entry 3"). A file that breaks
    off or is damaged keeps the entries before the damage, and one Rejected says where.
    """
    name = display_name(path)
    number = 0
    try:
        for number, record in enumerate(json_records(path, prefix), start=1):
            made = entry(record, f"{name} entry {number}")
            if isinstance(made, Entry | Rejected):
                yield made
            else:
                yield from made
    except ExportProblem as problem:
        yield _damage(name, number, problem)


def _damage(name: str, entries_before: int, problem: ExportProblem) -> Rejected:
    """The Rejected for a file that could be read no further after `entries_before` entries."""
    if not entries_before:
        return Rejected(name, problem.reason)
    return Rejected(
        f"{name} entry {entries_before + 1}", f"{problem.reason}; the rest of the file was skipped"
    )


# --- bookmark trees ---------------------------------------------------------------------------


@dataclass(frozen=True)
class TreeLeaf:
    """One node without children in a bookmark tree, with the folders around it, outermost first."""

    source: str
    fields: dict[str, object]
    folders: list[dict[str, object]] = field(default_factory=list)


def tree_leaves(path: Path, children: str, roots: str | None = None) -> Iterator[TreeLeaf | Rejected]:
    """Every leaf of the bookmark tree in a JSON file, streamed, with its folders' fields.

    The tree's nodes are objects whose sub-nodes are in a list under `children`. With
    `roots` None the top object is the root (Firefox); otherwise every object under
    the top object's `roots` key is one (Chrome's `roots.bookmark_bar`, ...).

    A folder's name may come after its children (Chrome writes keys in alphabetical
    order), so the file is read twice: once for the folders, which are few, then for
    the leaves, each given its folders from the first pass. Memory stays bounded.
    """
    name = display_name(path)
    folders: dict[tuple[object, ...], dict[str, object]] = {}
    try:
        for position, fields, leaf in _tree_nodes(path, children, roots):
            if not leaf:
                folders[position] = fields
    except ExportProblem:
        pass  # the second pass reports the damage where it comes
    number = 0
    try:
        for position, fields, leaf in _tree_nodes(path, children, roots):
            if leaf:
                number += 1
                outer = range(0 if roots is None else 1, len(position))
                around = [folders[position[:end]] for end in outer if position[:end] in folders]
                yield TreeLeaf(f"{name} entry {number}", fields, around)
    except ExportProblem as problem:
        yield _damage(name, number, problem)


def count_tree_leaves(
    path: Path, children: str, roots: str | None, test: Callable[[dict[str, object]], bool]
) -> int:
    """How many leaves of the tree `tree_leaves` walks pass `test`, plus one if the file is damaged: one pass."""
    count = 0
    try:
        for _position, fields, leaf in _tree_nodes(path, children, roots):
            count += leaf and test(fields)
    except ExportProblem:
        count += 1  # the Rejected that says where the damage is
    return count


_Node = tuple[tuple[object, ...], dict[str, object], bool]


def _tree_nodes(path: Path, children: str, roots: str | None) -> Iterator[_Node]:
    """(position, fields, is_leaf) of every node, each after its children; positions are index paths."""
    import ijson

    try:
        with open_json(path) as stream:
            yield from _walk_tree(_events(stream), children, roots)
    except ijson.JSONError as error:
        raise ExportProblem(f"not valid JSON ({json_problem(error)})") from None


# What each open container is, while walking a tree.
_TOP, _ROOTS, _NODE, _CHILDREN = range(4)


def _walk_tree(events: JsonEvents, children: str, roots: str | None) -> Iterator[_Node]:
    """The walk of `_tree_nodes`, in one loop over the events (a generator per level costs twice as much)."""
    if next(events, ("end", None))[0] != "start_map":
        raise ExportProblem("expected an object, found something else")
    # One frame per open container: its kind, position, fields (nodes), key or next index, leafness.
    kinds: list[int] = [_TOP if roots is not None else _NODE]
    positions: list[tuple[object, ...]] = [()]
    fields: list[dict[str, object]] = [{}]
    keys: list[object] = [None]
    leaves: list[bool] = [True]
    for event, value in events:
        kind = kinds[-1]
        if event == "map_key":
            keys[-1] = value
            continue
        if event in ("end_map", "end_array"):
            kinds.pop()
            if kind == _NODE:
                yield positions.pop(), fields.pop(), leaves.pop()
            else:
                positions.pop(), fields.pop(), leaves.pop()
            keys.pop()
            if not kinds:
                return
            continue
        opens = event in ("start_map", "start_array")
        key = keys[-1]
        if kind == _CHILDREN:
            index = int(key)  # type: ignore[call-overload]
            keys[-1] = index + 1
            if event == "start_map":
                if len(kinds) > 2 * MAX_TREE_DEPTH:
                    raise ExportProblem(f"folders nested more than {MAX_TREE_DEPTH} deep")
                _open(kinds, positions, fields, keys, leaves, _NODE, (*positions[-1], index))
            elif opens:
                _built(events, event, value)
        elif kind == _NODE and key == children and event == "start_array":
            leaves[-1] = False
            _open(kinds, positions, fields, keys, leaves, _CHILDREN, positions[-1])
            keys[-1] = 0
        elif kind == _NODE:
            fields[-1][str(key)] = _built(events, event, value) if opens else value
        elif kind == _TOP and key == roots and event == "start_map":
            _open(kinds, positions, fields, keys, leaves, _ROOTS, ())
        elif kind == _ROOTS and event == "start_map":
            _open(kinds, positions, fields, keys, leaves, _NODE, (key,))
        elif opens:
            _built(events, event, value)  # a value around the tree: not wanted


def _open(
    kinds: list[int],
    positions: list[tuple[object, ...]],
    fields: list[dict[str, object]],
    keys: list[object],
    leaves: list[bool],
    kind: int,
    position: tuple[object, ...],
) -> None:
    kinds.append(kind)
    positions.append(position)
    fields.append({})
    keys.append(None)
    leaves.append(True)


def _pairs(events: JsonEvents) -> Iterator[tuple[str, str]]:
    """("map_key", key) for each key of the object whose start was just read; the caller reads each value."""
    for event, value in events:
        if event == "end_map":
            return
        yield event, value


def _built(events: JsonEvents, event: str, value: object) -> object:
    """The whole value that starts with (`event`, `value`), read from `events`.

    Raises:
        ExportProblem: the value is nested deeper than any export's.
    """
    import ijson

    if event not in ("start_map", "start_array"):
        return value
    builder = ijson.ObjectBuilder()
    builder.event(event, value)
    depth = 1
    for inner_event, inner_value in events:
        builder.event(inner_event, inner_value)
        if inner_event in ("start_map", "start_array"):
            depth += 1
            if depth > MAX_JSON_DEPTH:
                raise ExportProblem("not valid JSON (nested too deeply)")
        elif inner_event in ("end_map", "end_array"):
            depth -= 1
            if depth == 0:
                break
    return builder.value
