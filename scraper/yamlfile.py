"""YAML files written by people: keep line numbers, never guess types, report every mistake.

PyYAML's ``safe_load`` applies YAML 1.1 implicit typing, so ``name: no`` becomes False,
``base_deprecation: 2026-03-31`` a ``date`` and ``version: 1.10`` the float 1.1, and it forgets
where each value came from. Here the file is composed into nodes and walked by hand: every
scalar stays the text the person wrote (None for an empty value, ``null`` or ``~``), each node
keeps its line, and duplicate keys (which YAML silently resolves to the last one) are reported.
Callers turn text into typed values with a ``Reader``, which records a ``Problem`` (file,
line, what is wrong, how to fix it) instead of raising, so one run lists every mistake.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

import yaml

_NULL = "tag:yaml.org,2002:null"
_MERGE = "tag:yaml.org,2002:merge"

Path_ = tuple[str | int, ...]


@dataclass(frozen=True)
class Problem:
    """One mistake in a file, said so that the person who wrote it can fix it."""

    file: str
    line: int | None
    message: str
    fix: str

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        return f"{where}: {self.message}" + (f" — {self.fix}" if self.fix else "")


class YamlFileError(Exception):
    """The file could not be read or is not YAML at all; nothing in it can be trusted."""

    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(map(str, problems)))
        self.problems = list(problems)


@dataclass
class _Lines:
    line: int
    children: dict[str, _Lines] | list[_Lines]


@dataclass
class Loaded:
    """A file's data as plain dicts, lists, strings and None, with the line of every node.

    ``problems`` holds what was wrong but still readable (duplicate keys, odd keys).
    """

    data: object
    lines: _Lines | None = field(default=None, repr=False)
    problems: list[Problem] = field(default_factory=list)

    def line(self, *path: str | int) -> int | None:
        """1-based line of the node at ``path`` (a mapping entry gives its key's line);
        a path that does not exist gives the line of its nearest existing parent."""
        node = self.lines
        if node is None:
            return None
        for part in path:
            try:
                node = node.children[part]  # type: ignore[index]
            except (KeyError, IndexError, TypeError):
                break
        return node.line


def suggest(word: str, choices: Iterable[str]) -> str | None:
    """The choice the person most likely meant by ``word``, if any is close enough."""
    choices = list(choices)
    for choice in choices:
        if choice.lower() == word.lower():
            return choice
    close = difflib.get_close_matches(word.lower(), choices, n=1, cutoff=0.6)
    return close[0] if close else None


def did_you_mean(word: str, choices: Iterable[str], listing: str = "allowed keys") -> str:
    """The fix for an unknown name: the closest choice, else the full list."""
    choices = sorted(choices)
    guess = suggest(word, choices)
    if guess:
        return f"did you mean '{guess}'?"
    return f"{listing}: {', '.join(choices)}" if choices else f"remove it: there are no {listing} here"


class _Walker:
    """Turns composed nodes into plain data plus a parallel tree of line numbers.

    Aliased nodes are converted once and shared, so alias bombs stay linear and a
    recursive alias is reported instead of looping forever.
    """

    def __init__(self, filename: str):
        self.filename = filename
        self.problems: list[Problem] = []
        self.done: dict[int, tuple[object, _Lines]] = {}
        self.active: set[int] = set()

    def problem(self, line: int, message: str, fix: str) -> None:
        self.problems.append(Problem(self.filename, line, message, fix))

    def walk(self, node: yaml.Node) -> tuple[object, _Lines]:
        line = node.start_mark.line + 1
        if isinstance(node, yaml.ScalarNode):
            return (None if node.tag == _NULL else node.value), _Lines(line, {})
        key = id(node)
        if key in self.done:
            return self.done[key]
        if key in self.active:
            self.problem(line, "an alias refers to the block that contains it", "remove the recursive alias")
            return None, _Lines(line, {})
        self.active.add(key)
        try:
            if isinstance(node, yaml.SequenceNode):
                items = [self.walk(item) for item in node.value]
                result = ([data for data, _ in items], _Lines(line, [lines for _, lines in items]))
            else:
                result = self.mapping(node, line)
        finally:
            self.active.discard(key)
        self.done[key] = result
        return result

    def mapping(self, node: yaml.MappingNode, line: int) -> tuple[object, _Lines]:
        data: dict[str, object] = {}
        lines: dict[str, _Lines] = {}
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + 1
            if key_node.tag == _MERGE or not isinstance(key_node, yaml.ScalarNode):
                self.problem(key_line, "a key must be a plain word (merge keys '<<' are not supported)",
                             "write each `key: value` out in full")
                continue
            key = key_node.value
            value, value_lines = self.walk(value_node)
            if key in lines:
                self.problem(
                    key_line,
                    f"duplicate key '{key}' (first at line {lines[key].line}); YAML would keep only this one",
                    "remove one of the two",
                )
            data[key] = value
            lines[key] = _Lines(key_line, value_lines.children)
        return data, _Lines(line, lines)


_SYNTAX_FIXES = [
    ("'\\t'", "indent with spaces; YAML does not allow tabs"),
    ("mapping values are not allowed", "quote values that contain ': ' and check this line's indentation"),
    ("another document", "remove the extra '---': the file holds one document"),
    ("quoted scalar", "close the quote that starts here"),
]


def _syntax_problem(error: yaml.YAMLError, text: str, filename: str) -> Problem:
    if isinstance(error, yaml.MarkedYAMLError):
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else None
        message = f"YAML syntax error: {error.problem or error.context}"
        context = error.context_mark
        if error.problem and error.context and context and context.line + 1 != line:
            message += f" ({error.context} at line {context.line + 1})"
    else:  # ReaderError: a character YAML does not allow
        position = getattr(error, "position", None)
        line = text.count("\n", 0, position) + 1 if position is not None else None
        message = f"YAML syntax error: {getattr(error, 'reason', error)}"
    fix = next(
        (fix for needle, fix in _SYNTAX_FIXES if needle in message),
        "check the indentation and quoting on this line and the one before it",
    )
    return Problem(filename, line, message, fix)


def load_yaml_text(text: str, filename: str) -> Loaded:
    """Parse one YAML document; raises ``YamlFileError`` (with the line) if it is not YAML."""
    walker = _Walker(filename)
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        data, lines = (None, None) if root is None else walker.walk(root)
    except yaml.YAMLError as error:
        raise YamlFileError([_syntax_problem(error, text, filename)]) from None
    except RecursionError:  # hundreds of nested brackets: PyYAML itself recurses per level
        problem = Problem(filename, None, "the YAML is nested too deeply to read", "use fewer nested levels")
        raise YamlFileError([problem]) from None
    return Loaded(data, lines, walker.problems)


def load_yaml(path: str | Path) -> Loaded:
    """Read and parse a UTF-8 YAML file; raises ``YamlFileError``, never a bare yaml or OS error."""
    filename = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        problem = Problem(filename, None, f"not UTF-8 text ({error.reason})", "save the file as UTF-8")
    except OSError as error:
        problem = Problem(filename, None, f"cannot read the file: {error.strerror}", "check the path")
    else:
        return load_yaml_text(text, filename)
    raise YamlFileError([problem])


def label(path: Path_) -> str:
    """``("fine_tunes", 2, "notify")`` -> ``fine_tunes[2].notify``."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


_INTEGER = re.compile(r"[+-]?[0-9]+")
_DECIMAL = (re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)"), "a number, e.g. 2.5")
_BOOLEANS = {"true": True, "yes": True, "false": False, "no": False}


def _kind(value: object) -> str:
    return {dict: "a mapping", list: "a list"}.get(type(value), repr(value))


class Reader:
    """Typed reads from a ``Loaded`` file that record problems instead of raising.

    Every method takes the value and its path (for the line and the message) and returns
    the typed value, or None when it is absent or wrong; compare ``len(reader.problems)``
    before and after to know whether a block was clean.
    """

    def __init__(self, loaded: Loaded, filename: str):
        self.loaded = loaded
        self.file = filename
        self.problems: list[Problem] = list(loaded.problems)

    def add(self, path: Path_, message: str, fix: str) -> None:
        self.problems.append(Problem(self.file, self.loaded.line(*path), message, fix))

    def mapping(
        self, value: object, path: Path_, allowed: Iterable[str] | None, fix: str = ""
    ) -> dict | None:
        """A mapping whose keys are all in ``allowed`` (None: any key); unknown keys are
        reported, and left for the caller to ignore."""
        if not isinstance(value, dict):
            what = label(path) or "the file"
            self.add(path, f"{what} must be a mapping of `key: value`, not {_kind(value)}",
                     fix or "write one `key: value` per line, indented under it")
            return None
        if allowed is None:
            return value
        allowed = list(allowed)
        where = f" in {label(path)}" if path else ""
        for key in value:
            if key not in allowed:
                self.add((*path, key), f"unknown key '{key}'{where}", did_you_mean(key, allowed))
        return value

    def text(self, value: object, path: Path_) -> str | None:
        if value is None or isinstance(value, str):
            return value
        self.add(path, f"{label(path)} must be a single text value, not {_kind(value)}",
                 "write it on one line after the colon (quote it if it contains ': ' or '#')")
        return None

    def texts(self, value: object, path: Path_) -> tuple[str, ...] | None:
        """A list of text values; a single text value counts as a list of one."""
        if isinstance(value, str):
            return (value,)
        if isinstance(value, list) and all(isinstance(item, str) for item in value):
            return tuple(value)
        if isinstance(value, list):
            bad = next(i for i, item in enumerate(value) if not isinstance(item, str))
            self.add((*path, bad), f"{label((*path, bad))} must be text, not {_kind(value[bad])}",
                     "write each item as a plain word")
        else:
            self.add(path, f"{label(path)} must be text or a list of text, not {_kind(value)}",
                     "write `[a, b]` or a single word")
        return None

    def integer(self, value: object, path: Path_, minimum: int = 0) -> int | None:
        return self._number(value, path, int, minimum)

    def number(
        self, value: object, path: Path_, minimum: float = 0.0, maximum: float | None = None
    ) -> float | None:
        return self._number(value, path, float, minimum, maximum)

    def _number(
        self, value: object, path: Path_, kind: type, minimum: float, maximum: float | None = None
    ) -> Any:
        if value is None:
            return None
        pattern, what = (_INTEGER, "a whole number (digits only), e.g. 30") if kind is int else _DECIMAL
        if not isinstance(value, str) or not pattern.fullmatch(value.strip()):
            self.add(path, f"{label(path)} must be {what.split(',')[0]}, not {_kind(value)}", f"write {what}")
            return None
        number = kind(value)
        if number < minimum or (maximum is not None and number > maximum):
            bounds = f"at least {minimum:g}" if maximum is None else f"between {minimum:g} and {maximum:g}"
            self.add(path, f"{label(path)} must be {bounds}, not {value}", f"write a number {bounds}")
            return None
        return number

    def boolean(self, value: object, path: Path_) -> bool | None:
        if value is None:
            return None
        if isinstance(value, str) and value.strip().lower() in _BOOLEANS:
            return _BOOLEANS[value.strip().lower()]
        self.add(path, f"{label(path)} must be true or false, not {_kind(value)}", "write true or false")
        return None

    def thresholds(self, value: object, path: Path_) -> tuple[int, ...] | None:
        """Alert thresholds in days: a non-empty list of whole numbers > 0, largest first."""
        if value is None:
            return None
        if not isinstance(value, list) or not value:
            self.add(path, f"{label(path)} must be a non-empty list of days, not {_kind(value)}",
                     "write e.g. [90, 30, 7], or remove the key to use the defaults")
            return None
        before = len(self.problems)
        days = []
        for i, item in enumerate(value):
            if item is None:
                self.add((*path, i), f"{label((*path, i))} is empty", "write a number of days, e.g. 30")
            days.append(self.integer(item, (*path, i), minimum=1))
        if len(self.problems) > before:
            return None
        return tuple(sorted(set(days), reverse=True))  # type: ignore[arg-type]
