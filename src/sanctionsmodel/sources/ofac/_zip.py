"""A ``.zip`` archive of OFAC files, unpacked for the readers into a temporary folder."""

from __future__ import annotations

import lzma
import stat
import tempfile
import zipfile
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath

from sanctionsmodel.exceptions import SourceError, TruncatedPublicationError

#: The most the files of a ``.zip`` archive may hold, unpacked (1 GiB; a
#: full SDN_ADVANCED.XML is about 120 MB).  An archive whose members claim
#: more is refused before anything is unpacked (a "zip bomb"); each member
#: is unpacked to no more than the size it claims.
ZIP_LIMIT = 1 << 30
#: The ``create_system`` of a member made on Unix, whose ``external_attr`` holds its mode.
_UNIX = 3
#: How a .zip file starts: one that does and cannot be opened is cut or corrupt.
_ZIP_MAGIC = b"PK\x03\x04"
_CHUNK = 1 << 20
#: The longest file name most file systems take, in bytes.
_NAME_MAX = 255
#: What reading an archive's directory or a member's bytes raises for a
#: damaged archive, by the compression method (zlib, bzip2, lzma) or the
#: format (a bad offset is an OSError, a bad field an IndexError).
_DAMAGED = (
    zipfile.BadZipFile,
    zlib.error,
    lzma.LZMAError,
    EOFError,
    OSError,
    ValueError,
    IndexError,
    KeyError,
)
#: What zipfile raises for a member it cannot unpack as it is: encrypted
#: (RuntimeError), or of a version or method it lacks.
_UNSUPPORTED = (RuntimeError, NotImplementedError)

#: What to call a path read, in a publication's source and in errors.
NameOf = Callable[[Path], str]


def is_zip(path: Path) -> bool:
    """Whether ``path`` is a file named as a ``.zip`` archive."""
    return path.suffix.lower() == ".zip" and path.is_file()


def member_names(path: Path) -> list[str] | None:
    """The base names of an archive's files, or ``None`` if it cannot be opened.

    For a look inside without unpacking; reading the archive gives the
    error of one that cannot be opened.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            return [_base(m.filename) for m in archive.infolist() if not _is_dir(m)]
    except (*_DAMAGED, *_UNSUPPORTED, UnicodeDecodeError):
        return None


@contextmanager
def unpacked(path: Path, *, folder: bool = False) -> Iterator[tuple[Path, NameOf]]:
    """The path to read, and what to call each path read from it.

    A file or folder is read as it is, by its own name.  A ``.zip`` archive
    is unpacked into a temporary folder, removed afterwards; its one file
    (unless ``folder``), or the folder of its files, is read.  Each file is
    called by the archive and its member (``SDN_ADVANCED.ZIP!SDN_ADVANCED.XML``)
    and the folder by the archive: in the publication's source, its
    entities' and in a :class:`SourceError` raised while reading, whose
    path and reason are given these names.

    Raises:
        SourceError: See :func:`_unzip`.
        TruncatedPublicationError: See :func:`_unzip`.
    """
    if not is_zip(path):
        yield path, str
        return
    with tempfile.TemporaryDirectory(prefix="sanctionsmodel-") as tmp:
        root = Path(tmp)
        names = _unzip(path, root)
        files = [Path(n) for n in names]
        # The members first: the folder's path starts theirs.
        renames = [*names.items(), (str(root), str(path))]
        names[str(root)] = str(path)

        def name_of(p: Path | str) -> str:
            return names.get(str(p), str(p))

        try:
            yield (files[0] if len(files) == 1 and not folder else root), name_of
        except SourceError as exc:
            reason = exc.reason
            for temporary, name in renames:
                reason = reason.replace(temporary, name)
            if exc.path == str(root):
                reason = reason.replace("the folder", "the archive")
            raise type(exc)(
                reason, path=name_of(exc.path), line=exc.line, field=exc.field
            ) from None


def _is_dir(member: zipfile.ZipInfo) -> bool:
    return member.filename.endswith("/")


def _base(name: str) -> str:
    return PurePosixPath(name.replace("\\", "/")).name


def _unzip(path: Path, root: Path) -> dict[str, str]:
    """Unpack the archive's files into ``root``, each by its base name: their paths and names.

    Raises:
        SourceError: For a file that is no .zip archive, an archive too large
            (see :data:`ZIP_LIMIT`), of two files of one name or of a name
            no file may have, of an encrypted member or one of a method
            zipfile lacks.
        TruncatedPublicationError: For an empty file, a cut or corrupt
            archive or member, and an archive of no file.
    """
    where = str(path)
    try:
        archive = zipfile.ZipFile(path)
    except UnicodeDecodeError as exc:
        msg = f"the .zip archive's file names are not readable ({exc})"
        raise SourceError(msg, path=where) from None
    except _UNSUPPORTED as exc:
        msg = f"the .zip archive cannot be opened ({exc})"
        raise SourceError(msg, path=where) from None
    except _DAMAGED as exc:
        raise _not_opened(path, exc) from None
    names: dict[str, str] = {}
    with archive:
        members = [m for m in archive.infolist() if not _is_dir(m)]
        if not members:
            raise TruncatedPublicationError("the .zip archive holds no file", path=where)
        size = sum(m.file_size for m in members)
        if size > ZIP_LIMIT:
            msg = f"the .zip archive would unpack to {size:,} bytes, more than {ZIP_LIMIT:,}"
            raise SourceError(msg, path=where)
        seen: dict[str, str] = {}
        for m in members:
            member = f"{where}!{m.filename}"
            # Its base name only: no member is written outside root.
            flat = _base(m.filename)
            if flat in ("", ".", "..") or "\0" in flat or len(flat.encode()) > _NAME_MAX:
                msg = f"no file may be named {flat!r}"
                raise SourceError(msg, path=member)
            if flat.lower() in seen:
                msg = f"the archive holds two files named {flat!r} (also {seen[flat.lower()]})"
                raise SourceError(msg, path=member)
            if m.create_system == _UNIX and stat.S_ISLNK(m.external_attr >> 16):  # its mode bits
                # Its bytes are where it points, not a file: it would read as a cut one.
                msg = "a symbolic link, not a file: an archive of OFAC's holds files only"
                raise SourceError(msg, path=member)
            seen[flat.lower()] = m.filename
            out = root / flat
            with out.open("wb") as sink:
                for chunk in _chunks(archive, m, member):
                    sink.write(chunk)
            names[str(out)] = member
    return names


def _chunks(archive: zipfile.ZipFile, m: zipfile.ZipInfo, member: str) -> Iterator[bytes]:
    """A member's bytes, unpacked; what the caller does with them raises apart (a full disk).

    Raises:
        SourceError: For a member encrypted or of a method zipfile lacks.
        TruncatedPublicationError: For a member cut or corrupt.
    """
    try:
        with archive.open(m) as source:
            while chunk := source.read(_CHUNK):
                yield chunk
    except _UNSUPPORTED as exc:
        msg = f"the member cannot be unpacked ({exc})"
        raise SourceError(msg, path=member) from None
    except _DAMAGED as exc:
        msg = f"the member is cut or corrupt ({exc})"
        raise TruncatedPublicationError(msg, path=member) from None


def _not_opened(path: Path, exc: BaseException) -> SourceError:
    """The error of an archive zipfile cannot open: empty, cut or corrupt, or no archive."""
    where = str(path)
    try:
        with path.open("rb") as fh:
            head = fh.read(len(_ZIP_MAGIC))
    except OSError as err:
        return SourceError(f"the file cannot be read ({err.strerror})", path=where)
    if not head:
        return TruncatedPublicationError("the file is empty", path=where)
    if head == _ZIP_MAGIC:
        msg = f"the .zip archive is cut or corrupt ({exc})"
        return TruncatedPublicationError(msg, path=where)
    return SourceError("not a .zip archive, though named as one", path=where)
