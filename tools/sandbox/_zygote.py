"""The sandbox worker: one per slot, forks one isolated child per job.

This file is run as a script (``python -I _zygote.py CONFIG_JSON``) and imports nothing from
palaestra, so that the children it forks carry no palaestra state and start in microseconds.

Process layout of the isolating (``local``, root) mode::

    host (Sandbox) --pipes--> outer (unshare: pid, mount, net, ipc, uts) --fork--> zygote
    zygote = PID 1 of the new pid namespace, root of a private mount tree (pivot_root)
    zygote --fork per job--> job child: own session and ipc namespace, cgroup, rlimits,
        unprivileged per-slot uid, no_new_privs, Landlock, seccomp; then the program.

As PID 1 the zygote cannot be signalled by its jobs, reaps orphans, and after each job kills
every other process of the namespace with ``kill(-1, SIGKILL)``, so daemons that double-fork
and call setsid die with the job. When the host closes the pipe (or dies) the zygote exits and
the kernel kills the whole namespace. In ``bwrap`` mode bubblewrap builds the namespaces and
mount tree and starts the zygote as PID 1 (``--as-pid-1``); in ``unsafe`` mode there is no
namespace and only rlimits and the process group bound the job.

Protocol: length-prefixed pickles on fds 0 (requests) and 1 (replies), written only by this
trusted process; job children never hold these fds.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import errno
import importlib
import json
import os
import pickle
import platform
import resource
import select
import signal
import struct
import sys
import time

HEADER = struct.Struct("!I")
IN_FD, OUT_FD = 0, 1

CLONE_NEWNS = 0x00020000
CLONE_NEWUTS = 0x04000000
CLONE_NEWIPC = 0x08000000
CLONE_NEWPID = 0x20000000
CLONE_NEWNET = 0x40000000
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC = 1, 2, 4, 8
MS_REMOUNT, MS_BIND, MS_REC, MS_PRIVATE = 32, 4096, 16384, 1 << 18
MNT_DETACH = 2
PR_SET_PDEATHSIG, PR_SET_DUMPABLE, PR_SET_NO_NEW_PRIVS = 1, 4, 38
PR_SET_SECCOMP, SECCOMP_MODE_FILTER = 22, 2
PIVOT_ROOT = {"x86_64": 155, "aarch64": 41}

WORK, TMP, SHM = "/sandbox", "/tmp", "/dev/shm"
RO_MOUNTS = "/.ro"


def sandbox_path(path: str, index: int) -> str:
    """Where the host folder `ro_paths[index]` appears inside the sandbox.

    Its own path, unless a job's scratch tmpfs (/tmp, /sandbox, /dev/shm) would cover it, as
    it would a virtual environment under /tmp; such folders go to /.ro/<index> instead.
    """
    if any(path == scratch or path.startswith(scratch + "/") for scratch in (WORK, TMP, SHM)):
        return f"{RO_MOUNTS}/{index}"
    return path


def sandbox_site_paths(config: dict) -> list[str]:
    """The host's site-packages folders as the sandbox sees them."""
    site = set(config.get("site_paths", ()))
    return [sandbox_path(p, i) for i, p in enumerate(config["ro_paths"]) if p in site]


SETUP_FAILED = 121
DEVICES = ("null", "zero", "full", "random", "urandom")
# Syscalls a job never needs: they escape or probe the sandbox, or change the host.
DENIED_SYSCALLS = (
    "ptrace",
    "process_vm_readv",
    "process_vm_writev",
    "mount",
    "umount2",
    "pivot_root",
    "chroot",
    "unshare",
    "setns",
    "bpf",
    "perf_event_open",
    "kexec_load",
    "kexec_file_load",
    "init_module",
    "finit_module",
    "delete_module",
    "reboot",
    "swapon",
    "swapoff",
    "keyctl",
    "add_key",
    "request_key",
    "userfaultfd",
    "open_by_handle_at",
    "name_to_handle_at",
    "acct",
    "quotactl",
    "settimeofday",
    "clock_settime",
    "clock_adjtime",
    "adjtimex",
    "syslog",
    "iopl",
    "ioperm",
    "lookup_dcookie",
    "fanotify_init",
    "vhangup",
    "kcmp",
    "io_uring_setup",
    "io_uring_enter",
    "io_uring_register",
    "pidfd_getfd",
    "move_mount",
    "open_tree",
    "fsopen",
    "fsmount",
    "fspick",
    "mount_setattr",
)
DENIED_SOCKET_FAMILIES = (2, 10, 16, 17)  # AF_INET, AF_INET6, AF_NETLINK, AF_PACKET

_libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)


def _check(result: int, what: str) -> int:
    if result == -1:
        code = ctypes.get_errno()
        raise OSError(code, f"{what}: {os.strerror(code)}")
    return result


def unshare(flags: int) -> None:
    _check(_libc.unshare(ctypes.c_int(flags)), "unshare")


def mount(source: str | None, target: str, fstype: str | None, flags: int, data: str = "") -> None:
    def enc(value: str | None) -> bytes | None:
        return None if value is None else value.encode()

    _check(
        _libc.mount(enc(source), enc(target), enc(fstype), ctypes.c_ulong(flags), enc(data)),
        f"mount {target}",
    )


def umount(target: str) -> None:
    _check(_libc.umount2(target.encode(), ctypes.c_int(MNT_DETACH)), f"umount {target}")


def prctl(option: int, arg: int = 0) -> None:
    _check(
        _libc.prctl(
            ctypes.c_int(option),
            ctypes.c_ulong(arg),
            ctypes.c_ulong(0),
            ctypes.c_ulong(0),
            ctypes.c_ulong(0),
        ),
        f"prctl {option}",
    )


# --------------------------------------------------------------------------- protocol
def send(message: object) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    view = memoryview(HEADER.pack(len(data)) + data)
    while view:
        view = view[os.write(OUT_FD, view) :]


def _read_exact(size: int) -> bytes | None:
    chunks = bytearray()
    while len(chunks) < size:
        chunk = os.read(IN_FD, size - len(chunks))
        if not chunk:
            return None
        chunks += chunk
    return bytes(chunks)


def receive() -> object | None:
    header = _read_exact(HEADER.size)
    if header is None:
        return None
    data = _read_exact(HEADER.unpack(header)[0])
    return None if data is None else pickle.loads(data)


# --------------------------------------------------------------------------- set-up
class Cgroup:
    """The slot's cgroup files, opened before the mount tree hides /sys (v1 or v2)."""

    def __init__(self, spec: dict) -> None:
        self.version = spec["version"]
        self.fds: dict[str, int] = {}
        for key, path in spec["files"].items():
            self.fds[key] = os.open(path, os.O_RDWR | os.O_CLOEXEC)
        self.procs = [self.fds[k] for k in sorted(self.fds) if k.startswith("procs")]

    def _write(self, key: str, value: str) -> None:
        fd = self.fds.get(key)
        if fd is not None:
            os.lseek(fd, 0, os.SEEK_SET)
            os.write(fd, value.encode())

    def _read(self, key: str) -> str:
        fd = self.fds.get(key)
        return "" if fd is None else os.pread(fd, 4096, 0).decode()

    def prepare(self, memory_bytes: int, processes: int) -> int:
        """Sets the job's limits, resets the peak and returns the OOM-kill count so far."""
        self._write("memory_limit", str(memory_bytes))
        if self.version == 1:
            self._write("memory_peak", "0")
        else:
            self._write("memory_peak", "reset")
        self._write("pids_max", str(processes))
        return self.oom_kills()

    def oom_kills(self) -> int:
        for line in self._read("oom").splitlines():
            name, _, value = line.partition(" ")
            if name == "oom_kill":
                return int(value)
        return 0

    def peak(self) -> int:
        text = self._read("memory_peak").strip()
        return int(text) if text.isdigit() else 0

    def join(self) -> None:
        for fd in self.procs:
            os.write(fd, b"0")
        for fd in self.fds.values():
            os.close(fd)


def build_root(config: dict) -> None:
    """A private mount tree: read-only system folders, tmpfs elsewhere, then pivot_root."""
    mount(None, "/", None, MS_REC | MS_PRIVATE)
    # The new root is built on a tmpfs (in this namespace only: nothing is created on the
    # host) over a folder that holds none of the host folders still to be bound.
    base = next(
        (
            folder
            for folder in ("/tmp", "/mnt", "/run", "/media", "/srv")
            if os.path.isdir(folder)
            and not any(p == folder or p.startswith(folder + "/") for p in config["ro_paths"])
        ),
        None,
    )
    if base is None:
        raise RuntimeError("no host folder to build the private root on")
    mount("tmpfs", base, "tmpfs", MS_NOSUID | MS_NODEV, "size=16m,mode=0755")
    root = base + "/root"
    os.mkdir(root)
    mount("tmpfs", root, "tmpfs", MS_NOSUID | MS_NODEV, "size=16m,mode=0755")
    for name in ("usr", "bin", "sbin", "lib", "lib32", "lib64", "libx32"):
        host = "/" + name
        if os.path.islink(host):
            os.symlink(os.readlink(host), root + host)
        elif os.path.isdir(host):
            _bind(host, root + host)
    for index, path in enumerate(config["ro_paths"]):
        if os.path.isdir(path) and not path.startswith("/usr/"):
            _bind(path, root + sandbox_path(path, index))
    _make_etc(root + "/etc", config)
    for folder in ("proc", "dev", "sandbox", "tmp"):
        os.makedirs(root + "/" + folder, exist_ok=True)
    dev = root + "/dev"
    mount("tmpfs", dev, "tmpfs", MS_NOSUID | MS_NOEXEC, "size=64k,mode=0755")
    for name in DEVICES:
        open(f"{dev}/{name}", "w").close()
        mount(f"/dev/{name}", f"{dev}/{name}", None, MS_BIND)
    os.mkdir(dev + "/shm")
    for name, target in (
        ("fd", "/proc/self/fd"),
        ("stdin", "/proc/self/fd/0"),
        ("stdout", "/proc/self/fd/1"),
        ("stderr", "/proc/self/fd/2"),
    ):
        os.symlink(target, f"{dev}/{name}")
    os.mkdir(root + "/.old")
    _check(
        _libc.syscall(
            ctypes.c_long(PIVOT_ROOT[platform.machine()]), root.encode(), (root + "/.old").encode()
        ),
        "pivot_root",
    )
    os.chdir("/")
    umount("/.old")
    os.rmdir("/.old")
    mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, "hidepid=2")
    for path in ("/proc/sys", "/proc/sysrq-trigger", "/proc/irq", "/proc/bus"):
        if os.path.exists(path):
            mount(path, path, None, MS_BIND | MS_REC)
            mount(None, path, None, MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID)
    mount(None, "/", None, MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV)


def _bind(source: str, target: str) -> None:
    os.makedirs(target, exist_ok=True)
    mount(source, target, None, MS_BIND | MS_REC)
    mount(None, target, None, MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | MS_NODEV)


def _make_etc(etc: str, config: dict) -> None:
    """Only harmless files: the loader cache, time zone, and a passwd naming the job user."""
    os.makedirs(etc, exist_ok=True)
    for name in ("ld.so.cache", "ld.so.conf", "localtime", "nsswitch.conf"):
        source = "/etc/" + name
        if os.path.islink(source):
            os.symlink(os.readlink(source), f"{etc}/{name}")
        elif os.path.isfile(source):
            with open(source, "rb") as src, open(f"{etc}/{name}", "wb") as dst:
                dst.write(src.read())
    if os.path.isdir("/etc/alternatives"):
        os.mkdir(etc + "/alternatives")
        for name in os.listdir("/etc/alternatives"):
            path = "/etc/alternatives/" + name
            if os.path.islink(path):
                os.symlink(os.readlink(path), f"{etc}/alternatives/{name}")
    uid = config["uid"]
    with open(etc + "/passwd", "w") as out:
        out.write(f"root:x:0:0:root:/root:/bin/sh\nsandbox:x:{uid}:{uid}::/sandbox:/bin/sh\n")
    with open(etc + "/group", "w") as out:
        out.write(f"root:x:0:\nsandbox:x:{uid}:\n")
    with open(etc + "/hosts", "w") as out:
        out.write("127.0.0.1 localhost\n")


def fresh_tmpfs(path: str, size: int, uid: int, mode: int) -> None:
    """Replaces the tmpfs at `path` with an empty one, so nothing survives a job."""
    try:
        umount(path)
    except OSError as exc:
        if exc.errno not in (errno.EINVAL, errno.ENOENT):
            raise
    mount(
        "tmpfs", path, "tmpfs", MS_NOSUID | MS_NODEV, f"size={size},nr_inodes=16384,mode={mode:o}"
    )
    os.chown(path, uid, uid)


def clear_folder(path: str) -> None:
    """Without namespaces (bwrap and unsafe modes): empty a per-slot folder in place."""
    for entry in os.scandir(path):
        if entry.is_dir(follow_symlinks=False):
            clear_folder(entry.path)
            os.rmdir(entry.path)
        else:
            os.unlink(entry.path)


def seccomp_program(zygote_pid: int) -> bytes | None:
    """The job's seccomp filter as raw BPF (exported once; loading it per job is one prctl)."""
    import pyseccomp as sc

    flt = sc.SyscallFilter(defaction=sc.ALLOW)
    for name in DENIED_SYSCALLS:
        try:
            flt.add_rule(sc.ERRNO(errno.EPERM), name)
        except Exception:  # a syscall this architecture or libseccomp does not know
            continue
    for family in DENIED_SOCKET_FAMILIES:
        flt.add_rule(sc.ERRNO(errno.EPERM), "socket", sc.Arg(0, sc.EQ, family))
    # The zygote and "every process" are never valid targets of a job's signals.
    for call in ("kill", "tkill", "rt_sigqueueinfo", "pidfd_open"):
        flt.add_rule(sc.ERRNO(errno.EPERM), call, sc.Arg(0, sc.MASKED_EQ, 0xFFFFFFFF, zygote_pid))
    flt.add_rule(sc.ERRNO(errno.EPERM), "kill", sc.Arg(0, sc.MASKED_EQ, 0xFFFFFFFF, 0xFFFFFFFF))
    flt.add_rule(sc.ERRNO(errno.EPERM), "tgkill", sc.Arg(0, sc.MASKED_EQ, 0xFFFFFFFF, zygote_pid))
    with os.fdopen(os.memfd_create("seccomp"), "w+b") as handle:
        flt.export_bpf(handle)
        handle.seek(0)
        return handle.read()


class SockFprog(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]


def load_seccomp(program: bytes) -> None:
    buffer = ctypes.create_string_buffer(program, len(program))
    prog = SockFprog(len(program) // 8, ctypes.cast(buffer, ctypes.c_void_p))
    _check(
        _libc.prctl(
            ctypes.c_int(PR_SET_SECCOMP),
            ctypes.c_ulong(SECCOMP_MODE_FILTER),
            ctypes.byref(prog),
            ctypes.c_ulong(0),
            ctypes.c_ulong(0),
        ),
        "seccomp",
    )


def landlock_rules(config: dict, writable: list[str]) -> tuple:
    """(read-only, read-write) path lists for the job's Landlock ruleset."""
    mapped = [sandbox_path(p, i) for i, p in enumerate(config["ro_paths"])]
    readable = ["/usr", "/etc", "/proc", *mapped]
    for name in ("bin", "sbin", "lib", "lib32", "lib64", "libx32"):
        if os.path.isdir("/" + name) and not os.path.islink("/" + name):
            readable.append("/" + name)
    devices = [f"/dev/{name}" for name in DEVICES]
    return [p for p in readable if os.path.exists(p)], [*writable, *devices]


def landlock_ruleset(readable: list[str], writable: list[str]) -> int:
    """A Landlock ruleset fd, built once per worker; a job applies it with one syscall."""
    from landlock.plumbing import (
        SYSCALL_ADD_RULE,
        SYSCALL_CREATE_RULESET,
        FSAccess,
        PathBeneathAttr,
        RulesetAttr,
    )

    abi = landlock_abi()
    handled = FSAccess(0)
    for flag in FSAccess:  # the rights this kernel's ABI knows
        if (flag is FSAccess.REFER and abi < 2) or (flag is FSAccess.TRUNCATE and abi < 3):
            continue
        if flag is FSAccess.IOCTL_DEV and abi < 5:
            continue
        handled |= flag
    attr = RulesetAttr(handled)
    fd = _check(
        _libc.syscall(
            ctypes.c_long(SYSCALL_CREATE_RULESET),
            ctypes.byref(attr),
            ctypes.c_size_t(ctypes.sizeof(attr)),
            ctypes.c_uint32(0),
        ),
        "landlock_create_ruleset",
    )
    read_exec = FSAccess.READ_FILE | FSAccess.READ_DIR | FSAccess.EXECUTE
    file_rw = handled & (
        FSAccess.WRITE_FILE | FSAccess.READ_FILE | FSAccess.TRUNCATE | FSAccess.IOCTL_DEV
    )
    rules = [(p, read_exec if os.path.isdir(p) else FSAccess.READ_FILE) for p in readable]
    rules += [(p, handled if os.path.isdir(p) else file_rw) for p in writable]
    for path, access in rules:
        if not os.path.exists(path):
            continue
        target = os.open(path, os.O_PATH | os.O_CLOEXEC)
        try:
            rule = PathBeneathAttr(access, target)
            _check(
                _libc.syscall(
                    ctypes.c_long(SYSCALL_ADD_RULE),
                    ctypes.c_int(fd),
                    ctypes.c_int(1),
                    ctypes.byref(rule),
                    ctypes.c_uint32(0),
                ),
                f"landlock_add_rule {path}",
            )
        finally:
            os.close(target)
    return fd


def landlock_abi() -> int:
    """The kernel's Landlock ABI version (0 when Landlock is missing or disabled)."""
    from landlock.plumbing import CREATE_RULESET_VERSION, SYSCALL_CREATE_RULESET

    version = _libc.syscall(
        ctypes.c_long(SYSCALL_CREATE_RULESET),
        None,
        ctypes.c_size_t(0),
        ctypes.c_uint32(CREATE_RULESET_VERSION),
    )
    return max(0, version)


def landlock_restrict(fd: int) -> None:
    from landlock.plumbing import SYSCALL_RESTRICT_SELF

    _check(
        _libc.syscall(ctypes.c_long(SYSCALL_RESTRICT_SELF), ctypes.c_int(fd), ctypes.c_uint32(0)),
        "landlock_restrict_self",
    )
    os.close(fd)  # the program must not inherit the ruleset


# --------------------------------------------------------------------------- the worker
class Zygote:
    def __init__(self, config: dict) -> None:
        self.config = config
        self.mode = config["mode"]
        self.uid = config["uid"] if self.mode == "local" else os.getuid()
        self.features: dict[str, str] = {}
        self.missing: dict[str, str] = {}
        self.cgroup: Cgroup | None = None
        self.seccomp: bytes | None = None
        self.landlock: int | None = None
        self.work = config["work"]
        self.tmp = config["tmp"]
        self.python_path = list(sys.path)
        self.tmpfs_size = 64 << 20

    def feature(self, name: str, action, detail: str = "on") -> bool:
        try:
            result = action()
        except Exception as exc:  # the self-check reports what could not be enabled
            self.missing[name] = f"{type(exc).__name__}: {exc}"
            return False
        self.features[name] = detail if result is None else str(result)
        return True

    def setup(self) -> None:
        config = self.config
        if self.mode == "local" and config.get("cgroup"):
            self.feature("cgroup", lambda: self._open_cgroup(config["cgroup"]))
        elif config.get("cgroup_missing"):
            self.missing["cgroup"] = config["cgroup_missing"]
        if self.mode == "local":
            self.features["namespaces"] = "pid,mount,net,ipc,uts"
            if not self.feature(
                "private_root",
                lambda: build_root(config),
                "pivot_root; /proc, /dev and tmpfs private; host paths hidden",
            ):
                raise RuntimeError(self.missing["private_root"])
            self.features["uid"] = f"per-slot uid {self.uid}"
            for folder, owner, mode in (
                (WORK, self.uid, 0o755),
                (TMP, 0, 0o1777),
                (SHM, 0, 0o1777),
            ):
                fresh_tmpfs(folder, self.tmpfs_size, owner, mode)
        elif self.mode == "bwrap":
            self.features["namespaces"] = "bubblewrap: user,pid,mount,net,ipc,uts"
            self.features["private_root"] = "bubblewrap; host paths hidden"
            self.missing["uid"] = "bubblewrap runs jobs as the calling user"
        if self.mode != "unsafe":
            # site-packages may have moved under /.ro (a venv under /tmp): import from there.
            sys.path.extend(p for p in sandbox_site_paths(config) if p not in sys.path)
            importlib.invalidate_caches()
            self.feature("seccomp", self._make_seccomp, "deny list (pyseccomp)")
            self.feature("landlock", self._probe_landlock)
            self.features["no_new_privs"] = "on"
            prctl(PR_SET_DUMPABLE, 0)
        self.features["rlimits"] = "cpu,as,fsize,nofile,nproc,core"
        signal.signal(signal.SIGPIPE, signal.SIG_IGN)
        self._preload(config.get("preload", ()))

    def _open_cgroup(self, spec: dict) -> str:
        self.cgroup = Cgroup(spec)
        return f"v{self.cgroup.version} memory+pids"

    def _make_seccomp(self) -> str:
        self.seccomp = seccomp_program(os.getpid())
        pid = os.fork()
        if pid == 0:  # prove that the filter loads, in a throwaway child
            try:
                prctl(PR_SET_NO_NEW_PRIVS, 1)
                load_seccomp(self.seccomp)
                os._exit(0)
            except BaseException:
                os._exit(1)
        if os.waitpid(pid, 0)[1] != 0:
            self.seccomp = None
            raise RuntimeError("the seccomp filter does not load")
        return "deny list (pyseccomp)"

    def _probe_landlock(self) -> str:
        abi = landlock_abi()
        if abi < 1:
            raise RuntimeError("the kernel does not offer Landlock")
        shm = [SHM] if self.mode != "unsafe" else []
        readable, writable = landlock_rules(self.config, [self.work, self.tmp, *shm])
        self.landlock = landlock_ruleset(readable, writable)
        return f"ABI {abi}"

    def _preload(self, modules) -> None:
        loaded = []
        for name in modules:
            try:
                __import__(name)
                loaded.append(name)
            except Exception:  # an optional module that is not installed
                continue
        self.features["preloaded"] = ",".join(loaded)

    # ---------------------------------------------------------------------- one job
    def run(self, job: dict) -> dict:
        limits = job["limits"]
        mode = self.mode
        t0 = time.monotonic()
        folders = (self.work, self.tmp) if mode == "unsafe" else (self.work, self.tmp, SHM)
        for folder in folders:
            clear_folder(folder)
        if mode == "local" and limits["files_bytes"] != self.tmpfs_size:
            for folder in folders:
                mount(
                    None,
                    folder,
                    "tmpfs",
                    MS_REMOUNT | MS_NOSUID | MS_NODEV,
                    f"size={limits['files_bytes']}",
                )
            self.tmpfs_size = limits["files_bytes"]
        try:
            self._write_files(job.get("files") or {})
        except OSError as exc:
            return {"setup_error": f"could not write the job's files: {exc}"}
        oom_before = 0
        if self.cgroup is not None:
            oom_before = self.cgroup.prepare(limits["memory_bytes"], limits["processes"])
        stdin_r, stdin_w = os.pipe()
        out_r, out_w = os.pipe()
        err_r, err_w = os.pipe()
        status_r, status_w = os.pipe2(os.O_CLOEXEC)
        for fd in (stdin_w, out_r, err_r, status_r):
            os.set_inheritable(fd, False)
        start = time.monotonic()
        pid = os.fork()
        if pid == 0:
            self._child(job, stdin_r, out_w, err_w, status_w)
        for fd in (stdin_r, out_w, err_w, status_w):
            os.close(fd)
        t1 = time.monotonic()
        result = self._supervise(pid, job, start, stdin_w, out_r, err_r, status_r)
        result["phases"] = {"prepare": t1 - t0, "supervise": time.monotonic() - t1}
        if self.cgroup is not None:
            result["memory_bytes"] = self.cgroup.peak()
            result["oom_killed"] = self.cgroup.oom_kills() > oom_before
        result["files"] = self._fetch(job.get("fetch") or ())
        return result

    def _write_files(self, files: dict) -> None:
        for name, content in files.items():
            path = os.path.join(self.work, name)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
            with os.fdopen(fd, "wb") as out:
                out.write(content)
            if content[:4] == b"\x7fELF":  # a compiled program
                os.chmod(path, 0o755)
        if self.mode == "local":
            for dirpath, dirnames, filenames in os.walk(self.work):
                for name in dirnames + filenames:
                    os.chown(os.path.join(dirpath, name), self.uid, self.uid)

    def _fetch(self, names) -> dict:
        fetched: dict[str, bytes | None] = {}
        for name in names:
            try:
                fd = os.open(os.path.join(self.work, name), os.O_RDONLY | os.O_NOFOLLOW)
            except OSError:
                fetched[name] = None
                continue
            with os.fdopen(fd, "rb") as handle:
                fetched[name] = handle.read(self.config["fetch_limit"] + 1)
        return fetched

    def _child(self, job: dict, stdin_r: int, out_w: int, err_w: int, status_w: int) -> None:
        """In the job child: isolate, then run the program. Never returns, whatever happens."""
        code = SETUP_FAILED
        try:
            env = self._isolate(job, stdin_r, out_w, err_w, status_w)
        except BaseException as exc:
            try:
                os.write(status_w, f"{type(exc).__name__}: {exc}".encode()[:2000])
            finally:
                os._exit(SETUP_FAILED)
        try:
            if job.get("python") is not None:
                os.close(status_w)
                code = run_python_here(job["python"], env, self.config, self.python_path)
            else:
                try:
                    os.execve(job["argv"][0], job["argv"], env)
                except OSError as exc:
                    os.write(status_w, f"cannot start {job['argv'][0]}: {exc}".encode())
        except BaseException:
            code = 1
        finally:
            os._exit(code)

    def _isolate(self, job: dict, stdin_r: int, out_w: int, err_w: int, status_w: int) -> dict:
        limits = job["limits"]
        os.setsid()
        if self.cgroup is not None:
            self.cgroup.join()
        if self.mode == "local":
            unshare(CLONE_NEWIPC)  # System V objects must not outlive the job
        os.dup2(stdin_r, 0)
        os.dup2(out_w, 1)
        os.dup2(err_w, 2)
        keep = sorted({status_w, self.landlock if self.landlock is not None else status_w})
        low = 3
        for fd in keep:
            os.closerange(low, fd)
            low = fd + 1
        os.closerange(low, 65536)
        os.chdir(self.work)
        os.umask(0o022)
        self._rlimits(job, limits)
        if self.mode != "unsafe":
            prctl(PR_SET_DUMPABLE, 1)
            prctl(PR_SET_NO_NEW_PRIVS, 1)
        if self.mode == "local":
            os.setgroups([])
            os.setresgid(self.uid, self.uid, self.uid)
            os.setresuid(self.uid, self.uid, self.uid)
        if self.landlock is not None:
            landlock_restrict(self.landlock)
        if self.seccomp is not None:
            load_seccomp(self.seccomp)
        env = {"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": self.work, "LANG": "C.UTF-8"}
        env.update(job.get("env") or {})
        return env

    def _rlimits(self, job: dict, limits: dict) -> None:
        cpu = max(1, int(-(-limits["cpu_s"] // 1)))
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
        memory = limits["memory_bytes"]
        if job.get("address_space", True):
            if job.get("python") is not None:  # the forked interpreter already maps some
                with open("/proc/self/statm") as handle:
                    memory += int(handle.read().split()[0]) * resource.getpagesize()
            if self.cgroup is not None:  # the cgroup is exact; this only stops runaways
                memory += 256 << 20
            resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
        fsize = limits["files_bytes"]
        resource.setrlimit(resource.RLIMIT_FSIZE, (fsize, fsize))
        resource.setrlimit(resource.RLIMIT_NOFILE, (limits["open_files"],) * 2)
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        if self.mode != "unsafe" or os.getuid() != 0:
            nproc = limits["processes"] + self.config.get("nproc_base", 0)
            resource.setrlimit(resource.RLIMIT_NPROC, (nproc, nproc))

    def _supervise(self, pid, job, start, stdin_w, out_r, err_r, status_r) -> dict:
        limits = job["limits"]
        deadline = start + limits["wall_s"]
        cap = limits["output_bytes"]
        stdin = memoryview(job.get("stdin") or b"")
        outputs = {out_r: bytearray(), err_r: bytearray()}
        status = bytearray()
        verdict_flags = {"wall_timeout": False, "output_limit": False}
        pidfd = os.pidfd_open(pid)
        poller = select.poll()
        for fd in (out_r, err_r, status_r, pidfd, IN_FD):
            poller.register(fd, select.POLLIN)
        if stdin:
            os.set_blocking(stdin_w, False)
            poller.register(stdin_w, select.POLLOUT)
        else:
            os.close(stdin_w)
            stdin_w = -1
        open_fds = {out_r, err_r, status_r}
        exited = False
        while not exited:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                verdict_flags["wall_timeout"] = True
                break
            for fd, _event in poller.poll(max(1, int(remaining * 1000))):
                if fd == pidfd:
                    exited = True
                elif fd == IN_FD:
                    os.kill(-1, signal.SIGKILL) if self.mode != "unsafe" else os.killpg(pid, 9)
                    os._exit(0)  # the host went away: take the namespace down with us
                elif fd == stdin_w:
                    try:
                        stdin = stdin[os.write(stdin_w, stdin[:65536]) :]
                    except OSError:  # the program closed its stdin: that is its business
                        stdin = stdin[:0]
                    if not stdin:
                        poller.unregister(stdin_w)
                        os.close(stdin_w)
                        stdin_w = -1
                else:
                    chunk = os.read(fd, 65536)
                    if not chunk:
                        poller.unregister(fd)
                        open_fds.discard(fd)
                    elif fd == status_r:
                        status += chunk
                    else:
                        outputs[fd] += chunk
                        if len(outputs[out_r]) + len(outputs[err_r]) > cap:
                            verdict_flags["output_limit"] = True
                            exited = True
        wall = time.monotonic() - start
        self._kill_all(pid)
        _, wait_status, usage = os.wait4(pid, 0)
        for fd in list(open_fds):
            os.set_blocking(fd, False)
            try:  # whatever the program wrote before it ended
                while len(outputs.get(fd, status)) <= cap and (chunk := os.read(fd, 65536)):
                    (status if fd == status_r else outputs[fd]).extend(chunk)
            except (BlockingIOError, OSError):
                pass
        t_reap = time.monotonic()
        self._reap()
        self.reap_s = time.monotonic() - t_reap
        for fd in (out_r, err_r, status_r, pidfd, stdin_w):
            if fd >= 0:
                os.close(fd)
        signal_number = os.WTERMSIG(wait_status) if os.WIFSIGNALED(wait_status) else None
        return {
            "exit_code": os.WEXITSTATUS(wait_status) if os.WIFEXITED(wait_status) else None,
            "signal": signal_number,
            "stdout": bytes(outputs[out_r][:cap]),
            "stderr": bytes(outputs[err_r][:cap]),
            "wall_s": wall,
            "cpu_s": usage.ru_utime + usage.ru_stime,
            "memory_bytes": usage.ru_maxrss * 1024,
            "setup_error": status.decode("utf-8", "replace") or None,
            **verdict_flags,
        }

    def _kill_all(self, pid: int) -> None:
        """Every process the job started dies, daemons included."""
        if self.mode == "unsafe":
            for target in (pid, -pid):
                with contextlib.suppress(OSError):
                    os.kill(target, signal.SIGKILL)
            return
        with contextlib.suppress(ProcessLookupError):
            os.kill(-1, signal.SIGKILL)  # as PID 1: every other process of the namespace

    def _reap(self) -> None:
        give_up = time.monotonic() + 2.0
        while time.monotonic() < give_up:
            try:
                child, _ = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if child == 0:
                if self.mode == "unsafe":
                    return
                time.sleep(0.0005)  # killed processes take a moment to become zombies
                with contextlib.suppress(ProcessLookupError):
                    os.kill(-1, signal.SIGKILL)


def run_python_here(source: bytes, env: dict, config: dict, python_path: list) -> int:
    """Runs a Python program in this (forked, already isolated) interpreter; returns the exit
    status. The caller exits with it; nothing here may return into the zygote's loop."""
    import builtins
    import io
    import types

    os.environ.clear()
    os.environ.update(env)
    sys.stdin = io.TextIOWrapper(
        io.BufferedReader(io.FileIO(0, "r", closefd=False)),
        encoding="utf-8",
        errors="surrogateescape",
    )
    sys.stdout = io.TextIOWrapper(
        io.BufferedWriter(io.FileIO(1, "w", closefd=False)),
        encoding="utf-8",
        errors="surrogateescape",
    )
    sys.stderr = io.TextIOWrapper(
        io.BufferedWriter(io.FileIO(2, "w", closefd=False)),
        encoding="utf-8",
        errors="backslashreplace",
        line_buffering=True,
    )
    sys.__stdin__, sys.__stdout__, sys.__stderr__ = sys.stdin, sys.stdout, sys.stderr
    path = os.getcwd() + "/solution.py"
    sys.argv = [path]
    sys.path[:] = [os.getcwd(), *python_path]
    sys.executable = config["python"]
    main = types.ModuleType("__main__")
    main.__file__ = path
    main.__builtins__ = builtins
    sys.modules["__main__"] = main
    code = 0
    try:
        exec(compile(source, path, "exec"), main.__dict__)
    except SystemExit as exc:
        code = _exit_code(exc.code)
    except BaseException as exc:
        code = 1
        try:
            import traceback

            traceback.print_exception(type(exc), exc, exc.__traceback__.tb_next)
        except BaseException:
            os.write(2, f"{type(exc).__name__}: {exc}\n".encode("utf-8", "replace")[:4000])
    try:
        import threading

        threading._shutdown()  # join non-daemon threads, as interpreter exit does
    except BaseException:
        pass
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except BaseException:
            code = code or 120
    return code


def _exit_code(value: object) -> int:
    if value is None:
        return 0
    if isinstance(value, int):
        return value & 0xFF
    with contextlib.suppress(BaseException):
        sys.stderr.write(f"{value}\n")
    return 1


def main() -> None:
    config = json.loads(sys.argv[1])
    sys.path.extend(p for p in config.get("site_paths", ()) if p not in sys.path)
    os.environ.clear()
    if config["mode"] == "local":
        # The outer process only holds the namespaces open and waits for the zygote.
        unshare(CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWNET | CLONE_NEWIPC | CLONE_NEWUTS)
        child = os.fork()
        if child:
            os.close(IN_FD)
            os.close(OUT_FD)
            _, status = os.waitpid(child, 0)
            os._exit(os.waitstatus_to_exitcode(status) & 0xFF)
    zygote = Zygote(config)
    try:
        zygote.setup()
    except BaseException as exc:
        send(("failed", f"{type(exc).__name__}: {exc}", zygote.missing))
        os._exit(1)
    send(("ready", zygote.features, zygote.missing))
    while True:
        job = receive()
        if job is None:
            break
        try:
            result = zygote.run(job)
        except Exception as exc:
            result = {"setup_error": f"worker failure: {type(exc).__name__}: {exc}"}
        send(("done", result))
    os._exit(0)


if __name__ == "__main__":
    main()
